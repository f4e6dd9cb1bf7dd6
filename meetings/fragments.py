"""The bodies of reports and conclusions on the meeting page and the printable page,
rendered once per version and shared by every reader (``giaoban/fragments.py``).

The version of a body is everything it shows, read from what the view has already
fetched: not only the row's ``updated_at``, which does not move when a removed proposal
is restored, a person's or an organization's name changes, or the admin edits a row.
A digest of these values costs microseconds; the rendering it spares (rich text,
proposals, directives) costs milliseconds. Each body is rendered with nothing but its
object in its context, so it can show nothing its version leaves out.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.safestring import SafeString

from giaoban.fragments import kept
from meetings.conclusion_html import conclusion_body_html
from meetings.models import REPORT_SECTIONS, Conclusion, Report
from meetings.report_html import report_body_html


def _name(user) -> str:
    return user.get_full_name() if user else ""


def report_version(report: Report) -> list:
    """What the body of ``report`` shows (``meetings/report_html.py``)."""
    return [
        *(getattr(report, name) for name in REPORT_SECTIONS),
        [
            (p.pk, p.text, p.addressed_to, p.disposition, p.referred_to, p.response)
            for p in report.shown_proposals
        ],
        [c["label"] for c in report.cited],  # read with the others' (meetings.views)
        report.submitted_at,
        report.sent_on,
        _name(report.submitted_by) if report.submitted_at else "",
        report.accepted_at,
        _name(report.accepted_by) if report.accepted_at else "",
    ]


def report_body(
    request: HttpRequest | None, report: Report, *, language=None, zone=None
) -> SafeString:
    """``language`` and ``zone``: the active language and time zone, if the caller knows
    them (a page of many reports asks once)."""
    return kept(
        request,
        "report",
        report.pk,
        lambda: report_version(report),
        lambda: report_body_html(report, language=language, zone=zone),
    )


def conclusion_version(conclusion: Conclusion, directives) -> list:
    """What the body of ``conclusion`` (``meetings/conclusion_html.py``) shows of it and its
    ``directives`` (their assignees under the names they bore on the meeting's day)."""
    return [
        conclusion.notice_number,
        conclusion.issued_on,
        conclusion.without_notice,
        conclusion.assessment,
        conclusion.shortcomings,
        conclusion.orientation,
        [
            (
                d.pk,
                d.position,
                d.text,
                d.to_all_organizations,
                d.group_name,
                d.due_date,
                d.due_period_year,
                d.due_period_kind,
                d.assignees,
            )
            for d in directives
        ],
        [c["label"] for c in conclusion.cited],
    ]


def conclusion_body(request: HttpRequest | None, conclusion: Conclusion, directives) -> SafeString:
    return kept(
        request,
        "conclusion",
        conclusion.pk,
        lambda: conclusion_version(conclusion, directives),
        lambda: conclusion_body_html(conclusion, directives),
    )
