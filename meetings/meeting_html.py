"""The meeting page's content and the facts of a meeting written in Python, with the
markup ``meeting_detail.html`` and ``_meeting_header.html`` gave them
(tests/meetings/test_meeting_html.py compares the two).

Rendered by the template engine, the page's content cost a lookup per value, a
``reverse()`` per button (eleven) and a translation per label, about a sixth of the
page's time with every cache off; here the addresses are reversed once per process and
the labels translated once per language, as the rows of the list pages are
(``giaoban/rowhtml.py``).
"""

from __future__ import annotations

import functools

from django.template.defaultfilters import capfirst
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop

from giaoban.rowhtml import address, escape, lines
from meetings import fragments, richtext
from meetings.deadline_html import report_deadlines
from meetings.models import ConclusionStatus, MeetingStatus
from meetings.report_cards import report_cards

# URL names taking the meeting's id, and those taking nothing.
_BY_MEETING = (
    "meetings:print",
    "documents:proposals",
    "documents:summary_draft",
    "meetings:edit",
    "meetings:next",
    "meetings:history",
    "conclusions:edit",
    "documents:notice",
    "documents:signed_notice",
    "conclusions:issue",
    "conclusions:follow_up",
)
_PLAIN = ("meetings:list", "tracking:proposals", "meetings:removed")


@functools.lru_cache(maxsize=8)  # a few script prefixes (and languages) at most
def _addresses(prefix: str) -> dict[str, tuple[str, str] | str]:
    """The page's addresses under the script ``prefix``: before and after the meeting's
    id, or the whole address; escaped."""
    return {
        **{name: address(name) for name in _BY_MEETING},
        **{name: conditional_escape(reverse(name)) for name in _PLAIN},
    }


_LABELS = {
    "breadcrumb": gettext_noop("Breadcrumb"),
    "meetings": gettext_noop("Liaison meetings"),
    "print": gettext_noop("Printable version"),
    "register": gettext_noop("Register of proposals"),
    "compiled": gettext_noop("Compiled proposals (.docx)"),
    "summary_draft": gettext_noop("Download the draft summary report (.docx)"),
    "edit": gettext_noop("Edit the meeting"),
    "next": gettext_noop("New meeting for the next period"),
    "history": gettext_noop("History of changes"),
    "removed": gettext_noop("Removed items"),
    "summary": gettext_noop("Summary of the period"),
    "source": gettext_noop("Source"),
    "reports": gettext_noop("Reports of the organizations"),
    "conclusion": gettext_noop("Conclusion"),
    "edit_conclusion": gettext_noop("Edit the conclusion"),
    "enter_conclusion": gettext_noop("Enter the conclusion"),
    "notice": gettext_noop("Notice (.docx)"),
    "signed": gettext_noop("Signed copy"),
    "follow_up": gettext_noop("Follow-up of the directives"),
    "issue": gettext_noop("Issue the conclusion"),
    "no_conclusion": gettext_noop("No conclusion yet."),
    "committee": gettext_noop("Party committee"),
    "period": gettext_noop("Period"),
    "held": gettext_noop("Date held"),
    "not_held": gettext_noop("not yet held"),
    "held_unknown": gettext_noop("Held (day unknown)"),
    "joint_limitations": gettext_noop("Joint limitations of the period"),
    "statements": gettext_noop("Statements at the meeting"),
    "cited": gettext_noop("Documents cited"),
    "place": gettext_noop("Place"),
    "chair": gettext_noop("Chair"),
    "comrade": gettext_noop("Comrade"),
    "attendance": gettext_noop("Attendance"),
    "absent": gettext_noop("invited, absent"),
    "invited": gettext_noop("invited"),
    "others": gettext_noop("Other attendees"),
}


@functools.lru_cache(maxsize=16)
def _labels(language: str | None) -> dict[str, str]:
    """The page's words in ``language`` (the active one), escaped; the messages of
    ``{% blocktranslate %}`` as they are (their values are escaped, not they)."""
    return {
        **{key: conditional_escape(gettext(message)) for key, message in _LABELS.items()},
        "submitted": gettext("%(done)s of %(total)s organizations have submitted their report."),
        "version": gettext("version %(number)s"),
        "on_behalf": gettext("on behalf of the Standing Committee of %(committee)s"),
    }


def meeting_facts(meeting, attendances) -> str:
    """The ``<dl>`` of the meeting's committee, period, day, place, chair and attendance
    (each attendee: ``display_name``, ``present``, ``representatives``)."""
    labels = _labels(get_language())
    if meeting.held_on:
        session = f"{escape(meeting.get_session_display())}, " if meeting.session else ""
        held = f"{session}{conditional_escape(date_filter(meeting.held_on, 'SHORT_DATE_FORMAT'))}"
    elif meeting.held_without_day:
        held = labels["held_unknown"]
    else:
        held = labels["not_held"]
    parts = [
        '<dl class="row meeting-facts mb-0">\n'
        f'<dt class="col-sm-3">{labels["committee"]}</dt>'
        f'<dd class="col-sm-9">{escape(meeting.committee.name)}</dd>\n'
        f'<dt class="col-sm-3">{labels["period"]}</dt>'
        f'<dd class="col-sm-9">{escape(meeting.period.label)}</dd>\n'
        f'<dt class="col-sm-3">{labels["held"]}</dt><dd class="col-sm-9">{held}</dd>\n'
    ]
    if meeting.place:
        parts.append(
            f'<dt class="col-sm-3">{labels["place"]}</dt>'
            f'<dd class="col-sm-9">{escape(meeting.place)}</dd>\n'
        )
    if meeting.chair_name:
        title = f", {escape(meeting.chair_title)}" if meeting.chair_title else ""
        if meeting.chair_on_behalf_of_standing_committee:
            title += ", " + labels["on_behalf"] % {"committee": escape(meeting.committee.name)}
        parts.append(
            f'<dt class="col-sm-3">{labels["chair"]}</dt><dd class="col-sm-9">'
            f"{labels['comrade']} {escape(meeting.chair_name)}{title}</dd>\n"
        )
    if attendances:
        absent = f' <span class="text-body-secondary">({labels["absent"]})</span>'
        # Until the meeting is held, nobody is absent yet: every guest is invited.
        invited = f' <span class="text-body-secondary">({labels["invited"]})</span>'
        held_already = (
            meeting.status == MeetingStatus.CONCLUDED
            or meeting.held_without_day
            or (meeting.held_on is not None and meeting.held_on <= timezone.localdate())
        )
        rows = "".join(
            f"<li>{escape(a.display_name)}"
            f"{f': {escape(a.representatives)}' if a.representatives else ''}"
            f"{('' if a.present else absent) if held_already else invited}</li>"
            for a in attendances
        )
        parts.append(
            f'<dt class="col-sm-3">{labels["attendance"]}</dt>\n'
            f'<dd class="col-sm-9"><ul class="list-unstyled mb-0">{rows}</ul></dd>\n'
        )
    if meeting.other_attendees:
        parts.append(
            f'<dt class="col-sm-3">{labels["others"]}</dt>'
            f'<dd class="col-sm-9">{lines(meeting.other_attendees)}</dd>\n'
        )
    parts.append("</dl>")
    return "".join(parts)


def meeting_content(meeting, statements, *, source: bool = True) -> str:
    """The meeting's own words: the card of its summary and joint limitations (with the
    documents they and the statements cite, and its ``source``), then the statements
    made at it, in the order spoken ("" for none)."""
    labels = _labels(get_language())
    parts = []
    cited = getattr(meeting, "cited", ())
    if meeting.summary or meeting.joint_limitations or cited:
        body = []
        if meeting.summary:
            body.append(
                f'<h2 class="h5 card-title">{labels["summary"]}</h2>\n'
                f'<div class="richtext">{richtext.shown(meeting.summary)}</div>\n'
            )
        if meeting.joint_limitations:
            body.append(
                f'<h2 class="h5 card-title">{labels["joint_limitations"]}</h2>\n'
                f'<div class="richtext">{richtext.shown(meeting.joint_limitations)}</div>\n'
            )
        if cited:
            body.append(
                f'<p class="small mb-0"><strong>{labels["cited"]}:</strong> '
                f"{'; '.join(escape(c['label']) for c in cited)}</p>\n"
            )
        if source and meeting.source:
            body.append(
                f'<p class="small text-body-secondary mb-0">{labels["source"]}: '
                f"{escape(meeting.source)}</p>\n"
            )
        parts.append(
            f'<section class="card mb-3"><div class="card-body">\n{"".join(body)}'
            "</div></section>\n\n"
        )
    if statements:
        rows = "".join(
            f"<li><strong>{escape(s.speaker_name)}</strong>"
            f"{f', {escape(s.speaker_title)}' if s.speaker_title else ''}"
            f"{f' ({escape(s.speaking_for)})' if s.speaking_for else ''}"
            f"<div>{lines(s.text)}</div></li>"
            for s in statements
        )
        parts.append(
            '<section class="card mb-3" id="statements" aria-labelledby="statements-heading">'
            '<div class="card-body">\n'
            f'<h2 class="h5 card-title" id="statements-heading">{labels["statements"]}</h2>\n'
            f'<ol class="statements mb-0">{rows}</ol>\n</div></section>\n\n'
        )
    return "".join(parts)


def meeting_page(request, context: dict, csrf_token) -> SafeString:
    """The content of the meeting page for the context ``meetings.views`` gives it."""
    labels = _labels(get_language())
    urls = _addresses(get_script_prefix())
    meeting, conclusion = context["meeting"], context["conclusion"]
    pk, committee = meeting.pk, meeting.committee_id
    is_staff = context["is_staff"]

    def url(name: str) -> str:
        before, after = urls[name]
        return f"{before}{pk}{after}"

    buttons = [
        f'<a class="btn btn-outline-secondary" href="{url("meetings:print")}">'
        f"{labels['print']}</a>\n"
    ]
    if context["reads_proposals"]:
        buttons.append(
            '<a class="btn btn-outline-secondary" '
            f'href="{urls["tracking:proposals"]}?committee={committee}">{labels["register"]}</a>\n'
            f'<a class="btn btn-outline-secondary" href="{url("documents:proposals")}">'
            f"{labels['compiled']}</a>\n"
            f'<a class="btn btn-outline-secondary" href="{url("documents:summary_draft")}">'
            f"{labels['summary_draft']}</a>\n"
        )
    if is_staff:
        buttons.append(
            f'<a class="btn btn-outline-primary" href="{url("meetings:edit")}">'
            f"{labels['edit']}</a>\n"
            f'<a class="btn btn-outline-primary" href="{url("meetings:next")}">'
            f"{labels['next']}</a>\n"
            f'<a class="btn btn-outline-secondary" href="{url("meetings:history")}">'
            f"{labels['history']}</a>\n"
            '<a class="btn btn-outline-secondary" '
            f'href="{urls["meetings:removed"]}?committee={committee}">{labels["removed"]}</a>\n'
        )
    parts = [
        f'<nav aria-label="{labels["breadcrumb"]}" class="d-print-none">\n'
        '<ol class="breadcrumb"><li class="breadcrumb-item">'
        f'<a href="{urls["meetings:list"]}">{labels["meetings"]}</a></li>'
        '<li class="breadcrumb-item active" aria-current="page">'
        f"{escape(meeting.period.label)}</li></ol>\n</nav>\n"
        '<div class="page-header d-flex flex-wrap justify-content-between gap-2">\n<div>\n'
        f"<h1>{escape(capfirst(meeting.display_title))}</h1>\n"
        f'<p class="lead">{escape(meeting.committee.name)} · '
        f'<span class="status status-{escape(meeting.status)}">'
        f"{escape(meeting.get_status_display())}</span></p>\n</div>\n"
        '<div class="d-flex flex-wrap gap-2 align-items-start d-print-none">\n',
        *buttons,
        "</div>\n</div>\n\n"
        '<div class="card mb-3"><div class="card-body">'
        f"{meeting_facts(meeting, context['attendances'])}</div></div>\n\n",
    ]
    parts.append(meeting_content(meeting, context.get("statements", ())))
    rows = context["report_rows"]
    submitted = labels["submitted"] % {
        "done": context["reported_count"],
        "total": len(rows),
    }
    cards = report_cards(
        request,
        rows,
        meeting=meeting,
        is_staff=is_staff,
        own_organizations=context["own_organizations"],
        csrf_token=csrf_token,
    )
    due = report_deadlines(
        meeting,
        context["deadline_groups"],
        context["today"],
        is_staff=is_staff,
        csrf_token=csrf_token,
    )
    parts.append(
        '<section class="mb-3" aria-labelledby="reports-heading">\n'
        f'<h2 class="h4" id="reports-heading">{labels["reports"]}</h2>\n'
        f'<p class="text-body-secondary">{submitted}</p>\n{due}{cards}\n</section>\n\n'
    )
    actions = []
    status = conclusion.status if conclusion else None
    if conclusion:
        actions.append(
            f'<span class="status status-{escape(status)}">'
            f"{escape(conclusion.get_status_display())}</span>\n"
        )
    if is_staff:
        action = labels["edit_conclusion"] if conclusion else labels["enter_conclusion"]
        actions.append(
            f'<a class="btn btn-sm btn-outline-primary" href="{url("conclusions:edit")}">'
            f"{action}</a>\n"
        )
    if conclusion and not conclusion.without_notice:  # recorded from the minutes: no notice
        actions.append(
            f'<a class="btn btn-sm btn-outline-secondary" href="{url("documents:notice")}">'
            f"{labels['notice']}</a>\n"
        )
    if status == ConclusionStatus.ISSUED:
        number = conclusion.signed_version
        version = f" ({labels['version'] % {'number': escape(number)}})" if number else ""
        actions.append(
            '<a class="btn btn-sm btn-outline-secondary" '
            f'href="{url("documents:signed_notice")}">{labels["signed"]}{version}</a>\n'
            # Each part's status, by default when its directives fell due.
            '<a class="btn btn-sm btn-outline-secondary" '
            f'href="{url("conclusions:follow_up")}">{labels["follow_up"]}</a>\n'
        )
    if context["may_issue"] and status == ConclusionStatus.DRAFT:
        csrf = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
            if csrf_token and str(csrf_token) != "NOTPROVIDED"
            else ""
        )
        actions.append(
            f'<form method="post" action="{url("conclusions:issue")}">{csrf}'
            '<input type="hidden" name="version" '
            f'value="{escape(conclusion.updated_at.isoformat())}">'
            f'<button class="btn btn-sm btn-primary" type="submit">{labels["issue"]}</button>'
            "</form>\n"
        )
    if conclusion:
        body = fragments.conclusion_body(request, conclusion, context["directives"])
    else:
        body = f'<p class="text-body-secondary mb-0">{labels["no_conclusion"]}</p>'
    parts.append(
        '<section class="card mb-3" id="conclusion" aria-labelledby="conclusion-heading">\n'
        '<div class="card-header d-flex flex-wrap justify-content-between '
        'align-items-center gap-2 bg-white">\n'
        f'<h2 class="h4 mb-0" id="conclusion-heading">{labels["conclusion"]}</h2>\n'
        '<div class="d-flex flex-wrap align-items-center gap-2 d-print-none">\n'
        f"{''.join(actions)}</div>\n</div>\n"
        f'<div class="card-body">\n{body}\n</div>\n</section>\n'
    )
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)
