"""The directive board's rows written in Python, with the markup its template gave them.

A page of 25 rows rendered by the template engine cost some 300 variable lookups and
filters per row (dates, truncation, a status per row, a translation per row). Here the
words every row shares (translations, status labels, the date format) are resolved once
per page, and each row is a few escaped string joins. tests/tracking/test_board_rows.py
compares the markup with the template's.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext

from giaoban.fieldhtml import escape
from tracking.models import Status

NO_DATE = "—"


@functools.lru_cache(maxsize=4096)
def short_date(day: dt.date, language: str | None, date_format: str) -> str:
    """A day in ``date_format`` (``language``'s month names, if the format has any),
    escaped: each day is formatted once, not once per row and per page."""
    return conditional_escape(dateformat.format(day, date_format) or NO_DATE)


class Dates:
    """``{{ value|date:"SHORT_DATE_FORMAT"|default:"—" }}`` for the rows of one page; a date
    format shows only the day, so a time is shown as its day in the current time zone."""

    def __init__(self) -> None:
        self.language = get_language()
        self.format = get_format("SHORT_DATE_FORMAT")

    def __call__(self, value) -> str:
        if value is None:
            return NO_DATE
        if isinstance(value, dt.datetime):
            value = template_localtime(value).date()
        return short_date(value, self.language, self.format)


def words(text: str, count: int) -> str:
    """``{{ text|truncatewords:count }}`` (Django's Truncator.words), unescaped."""
    split = text.split()
    if len(split) <= count:
        return " ".join(split)
    shown = " ".join(split[:count])
    return shown if shown.endswith(" …") else f"{shown} …"


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
    # The directive's address around its id, found once ("/tracking/directives/<id>/").
    before, after = reverse("tracking:directive", args=[987654321]).split("987654321")
    before, after = esc(before), esc(after)
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
