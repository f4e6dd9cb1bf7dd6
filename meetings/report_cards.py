"""The reports on the meeting page written in Python, with the markup the template loop
of ``meeting_detail.html`` gave them (tests/meetings/test_report_cards.py compares the
two).

A report's card, rendered by the template engine, cost a variable lookup and a filter per
value, a ``reverse()`` per button and a ``render_to_string`` per body; here the addresses,
translations and labels the cards share are resolved once per page, as the list pages do
(``giaoban/rowhtml.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from giaoban.rowhtml import escape
from meetings import fragments
from meetings.concurrency import version_of
from meetings.models import ReportStatus


class _Address:
    """``{% url view meeting.pk org.pk %}`` for every organization of one meeting: the
    address reversed once, the organization's id put in its place."""

    def __init__(self, view: str, meeting_pk: int):
        self.before, self.after = (
            conditional_escape(part)
            for part in reverse(view, args=[meeting_pk, 987654321]).split("987654321")
        )

    def __call__(self, pk: int) -> str:
        return f"{self.before}{pk}{self.after}"


def report_cards(
    request,
    rows: list[dict],
    *,
    meeting,
    is_staff: bool,
    own_organizations: Iterable[int],
    csrf_token,
) -> SafeString:
    """The ``<article>`` of each row (``{"organization", "name", "report"}``): its status,
    the buttons the reader may use, and the report's body (shared: ``meetings/fragments.py``)."""
    esc = conditional_escape
    own = set(own_organizations)
    statuses = {value: esc(label) for value, label in ReportStatus.choices}
    edit_url = _Address("reports:edit", meeting.pk)
    files_url = _Address("documents:report_files", meeting.pk)
    accept_url = _Address("meetings:report_accept", meeting.pk)
    return_url = _Address("meetings:report_return", meeting.pk)
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(csrf_token)}">'
        if csrf_token and str(csrf_token) != "NOTPROVIDED"
        else ""
    )
    missing = f'<span class="status status-missing">{esc(gettext("Not yet reported"))}</span>'
    edit, enter = esc(gettext("Edit the report")), esc(gettext("Enter the report"))
    files = esc(gettext("Original files"))
    accept, give_back = esc(gettext("Accept")), esc(gettext("Return to draft"))
    show = esc(gettext("Show the report"))
    opened = " open" if len(rows) == 1 else ""
    cards = []
    for row in rows:
        report, pk = row["report"], row["organization"].pk
        mine = pk in own
        status = report.status if report else None
        parts = [
            f'\n<article class="card mb-2" id="report-{pk}">\n'
            '<div class="card-header d-flex flex-wrap justify-content-between '
            'align-items-center gap-2 bg-white">\n'
            f'<h3 class="h6 mb-0">{escape(row["name"])}</h3>\n'
            '<div class="d-flex flex-wrap gap-2 align-items-center">\n'
        ]
        if report:
            shown = statuses.get(status) or escape(status)
            parts.append(f'<span class="status status-{escape(status)}">{shown}</span>\n')
        else:
            parts.append(f"{missing}\n")
        if (is_staff or mine) and (is_staff or not (report and report.is_locked)):
            parts.append(
                '<a class="btn btn-sm btn-outline-primary d-print-none" '
                f'href="{edit_url(pk)}">{edit if report else enter}</a>\n'
            )
        count = report.attachment_count if report else 0
        if count or is_staff or mine:
            parts.append(
                '<a class="btn btn-sm btn-outline-secondary d-print-none" '
                f'href="{files_url(pk)}">{files}{f" ({count})" if count else ""}</a>\n'
            )
        if is_staff and report and status != ReportStatus.DRAFT:
            version = f'<input type="hidden" name="version" value="{esc(version_of(report))}">'
            if status == ReportStatus.SUBMITTED:
                parts.append(
                    f'<form method="post" action="{accept_url(pk)}" class="d-print-none">'
                    f'{csrf}{version}<button class="btn btn-sm btn-success" type="submit">'
                    f"{accept}</button></form>\n"
                )
            parts.append(
                f'<form method="post" action="{return_url(pk)}" class="d-print-none">'
                f'{csrf}{version}<button class="btn btn-sm btn-outline-secondary" '
                f'type="submit">{give_back}</button></form>\n'
            )
        parts.append("</div>\n</div>\n")
        if report:
            parts.append(
                f'<details class="card-body report-body"{opened}>\n<summary>{show}</summary>\n'
                f"{fragments.report_body(request, report)}</details>\n"
            )
        parts.append("</article>\n")
        cards.append("".join(parts))
    return mark_safe("".join(cards))  # noqa: S308 (every value escaped above)
