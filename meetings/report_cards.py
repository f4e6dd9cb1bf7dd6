"""The reports on the meeting page written in Python, with the markup the template loop
of ``meeting_detail.html`` gave them (tests/meetings/test_report_cards.py compares the
two).

A report's card, rendered by the template engine, cost a variable lookup and a filter per
value, a ``reverse()`` per button and a ``render_to_string`` per body; here the addresses,
translations and labels the cards share are resolved once per page, as the list pages do
(``giaoban/rowhtml.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language, gettext

from giaoban.rowhtml import escape
from meetings import fragments
from meetings.concurrency import version_of
from meetings.models import RETURNED_LABEL, ReportStatus


@functools.lru_cache(maxsize=8)  # a few script prefixes (and languages) at most
def _address(view: str, prefix: str) -> tuple[str, str, str]:
    """``{% url view meeting.pk org.pk %}`` in three parts around the two ids, under the
    script ``prefix``, escaped: reversed once per process."""
    before, between, after = (
        reverse(view, args=[123456789, 987654321])
        .replace("987654321", "123456789")
        .split("123456789")
    )
    return conditional_escape(before), conditional_escape(between), conditional_escape(after)


class _Address:
    """``{% url view meeting.pk org.pk %}`` for every organization of one meeting."""

    def __init__(self, view: str, meeting_pk: int):
        before, between, self.after = _address(view, get_script_prefix())
        self.before = f"{before}{meeting_pk}{between}"

    def __call__(self, pk: int) -> str:
        return f"{self.before}{pk}{self.after}"


@functools.lru_cache(maxsize=16)
def _labels(language: str | None) -> dict[str, str]:
    """The cards' words in ``language`` (the active one), escaped."""
    esc = conditional_escape
    return {
        "statuses": {value: esc(label) for value, label in ReportStatus.choices},
        "missing": esc(gettext("Not yet reported")),
        "edit": esc(gettext("Edit the report")),
        "enter": esc(gettext("Enter the report")),
        "files": esc(gettext("Original files")),
        "accept": esc(gettext("Accept")),
        "give_back": esc(gettext("Return to draft")),
        "show": esc(gettext("Show the report")),
        "returned": esc(RETURNED_LABEL),
    }


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
    language = get_language()
    words = _labels(language)
    statuses = words["statuses"]
    edit_url = _Address("reports:edit", meeting.pk)
    files_url = _Address("documents:report_files", meeting.pk)
    accept_url = _Address("meetings:report_accept", meeting.pk)
    return_url = _Address("meetings:report_return", meeting.pk)
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(csrf_token)}">'
        if csrf_token and str(csrf_token) != "NOTPROVIDED"
        else ""
    )
    missing = f'<span class="status status-missing">{words["missing"]}</span>'
    edit, enter = words["edit"], words["enter"]
    files = words["files"]
    accept, give_back = words["accept"], words["give_back"]
    show = words["show"]
    returned = words["returned"]
    zone = get_current_timezone_name()
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
        if report and report.is_returned:
            parts.append(f'<span class="status status-returned">{returned}</span>\n')
        elif report:
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
            body = fragments.report_body(request, report, language=language, zone=zone)
            parts.append(
                f'<details class="card-body report-body"{opened}>\n<summary>{show}</summary>\n'
                f"{body}</details>\n"
            )
        parts.append("</article>\n")
        cards.append("".join(parts))
    return mark_safe("".join(cards))  # noqa: S308 (every value escaped above)
