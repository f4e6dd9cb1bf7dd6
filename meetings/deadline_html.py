"""The meeting page's block of report deadlines: the due date, the organizations by where
their report stands against it (not sent and overdue first, then sent late, not yet due,
on time), and for the committee's staff the button reminding the late ones."""

from __future__ import annotations

import datetime as dt

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from giaoban.rowhtml import escape
from meetings.deadlines import LATE, SHOWN_ORDER, Timeliness, due_line


def _sent(row: dict) -> str:
    """ " (gửi ngày 12/3/2024)": when a report sent late was sent."""
    if not row.get("sent"):
        return ""
    day = date_filter(row["sent"], "SHORT_DATE_FORMAT")
    words = conditional_escape(gettext("sent on %(day)s") % {"day": day})
    return f' <span class="text-body-secondary">({words})</span>'


def report_deadlines(
    meeting, groups: dict[str, list], today: dt.date, *, is_staff: bool, csrf_token
) -> SafeString:
    """The block (nothing for a meeting without a due date); ``groups``: the meeting
    page's report rows by ``Timeliness`` (``meetings.deadlines.group``)."""
    due_on = meeting.reports_due_on
    if due_on is None:
        return mark_safe("")
    esc = conditional_escape
    owed = groups[Timeliness.OVERDUE] or groups[Timeliness.NOT_YET_DUE]
    terms = []
    for value in SHOWN_ORDER:
        late = " late" if value in LATE else ""
        rows = groups[value]
        if not rows:
            continue
        items = "".join(
            f"<li>{escape(row['name'])}{_sent(row) if value == Timeliness.SENT_LATE else ''}</li>"
            for row in rows
        )
        terms.append(
            f'<dt class="col-sm-4{late}">{esc(Timeliness(value).label)} ({len(rows)})</dt>'
            f'<dd class="col-sm-8"><ul class="list-unstyled mb-0">{items}</ul></dd>\n'
        )
    button = ""
    if is_staff and groups[Timeliness.OVERDUE]:
        csrf = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(csrf_token)}">'
            if csrf_token and str(csrf_token) != "NOTPROVIDED"
            else ""
        )
        action = esc(reverse("meetings:reports_remind", args=[meeting.pk]))
        button = (
            f'<form method="post" action="{action}" class="d-print-none mt-2">{csrf}'
            '<button class="btn btn-sm btn-outline-danger" type="submit" data-once>'
            f"{esc(gettext('Remind the organizations late with their report'))}</button>"
            f'<span class="small text-body-secondary ms-2">'
            f"{esc(gettext('In the app and by e-mail, once a day at most.'))}</span></form>\n"
        )
    return mark_safe(  # noqa: S308 (every value escaped above)
        '<div class="card mb-3 report-deadlines" id="report-deadlines"><div class="card-body">\n'
        f'<p class="fw-semibold mb-2">{esc(due_line(due_on, today, sent=not owed))}</p>\n'
        f'<dl class="row small mb-0">\n{"".join(terms)}</dl>\n{button}</div></div>\n'
    )
