"""The directive board's rows written in Python, with the markup its template gave them.

Each row is a few escaped string joins; what the rows share (translations, status
labels, period labels, the date format, the directive's address) is resolved once per
page (giaoban/rowhtml.py). tests/tracking/test_board_rows.py
compares the markup with the template's.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from giaoban.rowhtml import Dates, address, escape, words
from tracking.models import Status


def board_rows(parts: Iterable, *, bulk: bool, selected: set[int]) -> SafeString:
    """The ``<tr>`` of each part (a directive's assignment annotated with ``status`` and
    ``forgotten``), with its selection box when staff may update in bulk; a single row
    saying so when there is none."""
    esc = conditional_escape
    select = esc(gettext("Select"))
    forgotten = f' <span class="badge text-bg-warning">{esc(gettext("forgotten"))}</span>'
    lead = f' <span class="text-body-secondary small">({esc(gettext("lead"))})</span>'
    statuses: dict[str, str] = {}
    periods: dict[int, str] = {}
    date = Dates()
    before, after = address("tracking:directive")
    rows = []
    for part in parts:
        directive = part.directive
        text = directive.text
        meeting = directive.conclusion.meeting
        period = periods.get(meeting.pk)
        if period is None:
            period = periods[meeting.pk] = esc(meeting.period.label)
        status = statuses.get(part.status)
        if status is None:
            member = Status(part.status)
            status = f'<span class="status status-{esc(member.value)}">{esc(member.label)}</span>'
            statuses[part.status] = status
        box = ""
        if bulk:
            checked = " checked" if part.pk in selected else ""
            box = (
                f'\n<td><input class="form-check-input" type="checkbox" name="selected" '
                f'value="{part.pk}"{checked} aria-label="{select}: '
                f'{escape(words(text, 8))}">'
                f'<input type="hidden" name="version-{part.pk}" value="{part.version}"></td>'
            )
        rows.append(
            f"\n<tr>{box}"
            f'\n<td><a href="{before}{part.directive_id}{after}">'
            f"{escape(words(text, 30))}</a>"
            f"{forgotten if part.forgotten else ''}</td>"
            f"\n<td>{escape(part.organization.name)}{lead if part.is_lead else ''}</td>"
            f'\n<td class="text-nowrap">{period}</td>'
            f'\n<td class="text-nowrap">{date(directive.deadline)}</td>'
            f"\n<td>{status}</td>"
            f'\n<td class="text-nowrap small">{date(part.progress_at)}</td>'
            "\n</tr>"
        )
    if not rows:
        return mark_safe(
            f'\n<tr><td colspan="7" class="text-body-secondary">'
            f"{esc(gettext('No directive matches.'))}</td></tr>"
        )
    return mark_safe("".join(rows))
