"""The meeting list's rows written in Python, with the markup its template loop gave them
(tests/meetings/test_meeting_rows.py compares the two); what the rows share (the
translations, status and period labels, the date format, the meeting's address) is
resolved once per page (giaoban/rowhtml.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from giaoban.rowhtml import EMPTY, Dates, address, escape
from meetings.models import MeetingStatus

# The fields the rows show, for the list's query (``QuerySet.only``).
MEETING_ROW_FIELDS = (
    "period_year",
    "period_kind",
    "is_regular",
    "held_on",
    "chair_name",
    "status",
    "committee__name",
)


def held_without_day(meeting) -> bool:
    """``Meeting.held_without_day`` from the fields the rows read."""
    return meeting.held_on is None and meeting.status != MeetingStatus.PLANNED


def meeting_rows(meetings: Iterable) -> SafeString:
    """The ``<tr>`` of each meeting (with its committee); a single row saying so when
    there is none."""
    esc = conditional_escape
    extraordinary = f' <span class="badge text-bg-light">{esc(gettext("extraordinary"))}</span>'
    statuses = {value: esc(label) for value, label in MeetingStatus.choices}
    periods: dict[tuple[int, str], str] = {}
    date = Dates()
    before, after = address("meetings:detail")
    unknown = f'<span class="text-body-secondary">{esc(gettext("day unknown"))}</span>'
    rows = []
    for meeting in meetings:
        key = (meeting.period_year, meeting.period_kind)
        period = periods.get(key)
        if period is None:
            period = periods[key] = esc(meeting.period.label)
        status = meeting.status
        rows.append(
            f'\n<tr>\n<td><a href="{before}{meeting.pk}{after}">{period}</a>'
            f"{'' if meeting.is_regular else extraordinary}</td>"
            f"\n<td>{escape(meeting.committee.name)}</td>"
            f"\n<td>{unknown if held_without_day(meeting) else date(meeting.held_on)}</td>"
            f"\n<td>{escape(meeting.chair_name) if meeting.chair_name else EMPTY}</td>"
            f'\n<td><span class="status status-{escape(status)}">'
            f"{statuses.get(status) or escape(status)}</span></td>\n</tr>"
        )
    if not rows:
        return mark_safe(
            '\n<tr><td colspan="5" class="text-body-secondary">'
            f"{esc(gettext('No meeting matches.'))}</td></tr>"
        )
    return mark_safe("".join(rows))
