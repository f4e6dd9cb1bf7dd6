"""The directive board's rows written in Python, with the markup its template gave them.

A page of 25 rows rendered by the template engine cost some 300 variable lookups and
filters per row (dates, truncation, a status per row, a translation per row). Here the
words every row shares (translations, status labels, the date format) are resolved once
per page, and each row is a few escaped string joins. tests/tracking/test_board_rows.py
compares the markup with the template's.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from tracking.models import Status

NO_DATE = "—"


class Dates:
    """Dates in the short format of the active language, each formatted once per page."""

    def __init__(self) -> None:
        self.format = get_format("SHORT_DATE_FORMAT")
        self.done: dict[object, str] = {}

    def __call__(self, value) -> str:
        """``{{ value|date:"SHORT_DATE_FORMAT"|default:"—" }}``."""
        if value in (None, ""):
            return NO_DATE
        value = template_localtime(value)
        shown = self.done.get(value)
        if shown is None:
            shown = conditional_escape(dateformat.format(value, self.format) or NO_DATE)
            self.done[value] = shown
        return shown


def board_rows(parts: Iterable, *, bulk: bool, selected: set[int]) -> SafeString:
    """The ``<tr>`` of each part (a directive's assignment annotated with ``status`` and
    ``forgotten``), with its selection box when staff may update in bulk; a single row
    saying so when there is none."""
    esc = conditional_escape
    select = esc(gettext("Select"))
    forgotten = f' <span class="badge text-bg-warning">{esc(gettext("forgotten"))}</span>'
    lead = f' <span class="text-body-secondary small">({esc(gettext("lead"))})</span>'
    statuses: dict[str, str] = {}
    date = Dates()
    rows = []
    for part in parts:
        directive = part.directive
        text = directive.text
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
                f'{esc(Truncator(text).words(8, truncate=" …"))}">'
                f'<input type="hidden" name="version-{part.pk}" value="{part.version}"></td>'
            )
        url = reverse("tracking:directive", args=[part.directive_id])
        rows.append(
            f"\n<tr>{box}"
            f'\n<td><a href="{esc(url)}">{esc(Truncator(text).words(30, truncate=" …"))}</a>'
            f"{forgotten if part.forgotten else ''}</td>"
            f"\n<td>{esc(part.organization.name)}{lead if part.is_lead else ''}</td>"
            f'\n<td class="text-nowrap">{esc(directive.conclusion.meeting.period.label)}</td>'
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
