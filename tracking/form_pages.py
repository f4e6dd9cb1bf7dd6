"""The content of the report form and of the conclusion form written in Python, with the
markup ``tracking/report_form.html`` and ``meetings/conclusion_form.html`` gave it
(tests/tracking/test_form_pages.py compares the two, for a page opened and for one sent
back with its errors).

The rows and the fields were already written in Python (meetings/formset_rows.py,
tracking/earlier_rows.py, giaoban/fieldhtml.py); around them the template engine still
cost a lookup per value, a node per tag, a translation per label, a ``reverse()`` per
link and three includes: about a millisecond a page with every cache off. Here the
labels are translated once per language and the fixed addresses reversed once per
script prefix; what the page shows of its meeting, report and forms is filled in and
escaped at each page.
"""

from __future__ import annotations

import functools

from django.template.defaultfilters import capfirst
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, gettext_noop

from accounts.templatetags.submission import submission_token
from giaoban.error_summary import error_summary
from giaoban.fieldhtml import field_html, hidden_fields, option_lists, widget_html
from giaoban.rowhtml import csrf_input, lines
from meetings import formset_rows, report_html
from tracking import earlier_rows

_LABELS = {
    "returned": gettext_noop("This report was returned to be corrected. Reason:"),
    "breadcrumb": gettext_noop("Breadcrumb"),
    "meetings": gettext_noop("Liaison meetings"),
    "report": gettext_noop("Report"),
    "conclusion": gettext_noop("Conclusion"),
    "chair": gettext_noop("Chair"),
    "locked": gettext_noop(
        "This report has been accepted and is locked. To change its text, return it to "
        "draft from the meeting page; its proposals are answered in the register of "
        "proposals, without reopening it."
    ),
    "register": gettext_noop("Register of proposals"),
    "results": gettext_noop("Results of the previous conclusions"),
    "results_help": gettext_noop(
        "The directives given to this organization that are not finished yet. Say what "
        "was done; leave “no change” for the others."
    ),
    "answers": gettext_noop("Answers to the proposals of the previous meeting"),
    "proposals": gettext_noop("Proposals"),
    "proposals_help": gettext_noop("One proposal per item, with whom it is addressed to."),
    "add_proposal": gettext_noop("Add a proposal"),
    "save_draft": gettext_noop("Save draft"),
    "save_submit": gettext_noop("Save and submit"),
    "save": gettext_noop("Save"),
    "cancel": gettext_noop("Cancel"),
    "earlier": gettext_noop("Unfinished directives of earlier conclusions"),
    "earlier_help": gettext_noop(
        "Carry a directive over to give it again in this conclusion (the link to where it "
        "started is kept), or close it."
    ),
    "earlier_draft": gettext_noop(
        "While the conclusion is a draft the choice is only kept: the earlier directive "
        "changes when the conclusion is issued."
    ),
    "directives": gettext_noop("Directives"),
    "directives_help": gettext_noop(
        "Each task given by the conclusion, with the organization in charge. If no due "
        "date is given, it is due at the end of the chosen period (by default the next "
        "one)."
    ),
    "add_directive": gettext_noop("Add a directive"),
    # meetings/_draft_notice.html and meetings/_draft_status.html
    "draft_restored": gettext_noop("Your unsaved draft has been restored."),
    "discard": gettext_noop("Discard the draft"),
    "draft_failed": gettext_noop("The draft could not be saved; your text is still on this page."),
    "draft_signed_out": gettext_noop(
        "The draft could not be saved: you have been signed out. Save the form: what you "
        "typed will be kept until you sign in again."
    ),
}


@functools.lru_cache(maxsize=16)  # a few languages and script prefixes at most
def _parts(language: str | None, prefix: str) -> dict[str, str]:
    """The pages' words in ``language`` (the active one) and their fixed addresses under
    ``prefix``, escaped; the draft notice's ``{% blocktranslate %}`` as it is."""
    t = {key: conditional_escape(gettext(message)) for key, message in _LABELS.items()}
    t["draft_saved_at"] = gettext(
        "It was saved at <span data-draft-when></span>, after the stored version. Check "
        "it, then save; or discard it to go back to the stored text."
    )
    t["meetings_url"] = conditional_escape(reverse("meetings:list"))
    t["register_url"] = conditional_escape(reverse("tracking:proposals"))
    return t


def _labels() -> dict[str, str]:
    return _parts(get_language(), get_script_prefix())


def _draft_notice(t: dict[str, str], draft_url: str, context) -> str:
    """meetings/_draft_notice.html."""
    return (
        f'\n<div data-draft="{conditional_escape(draft_url)}" '
        f'data-draft-seconds="{conditional_escape(context.get("draft_seconds", ""))}">\n'
        '<div class="alert alert-warning draft-notice" role="status" data-draft-notice '
        "hidden>\n"
        f'<p class="mb-2"><strong>{t["draft_restored"]}</strong>\n'
        f"{t['draft_saved_at']}</p>\n"
        '<button type="button" class="btn btn-sm btn-outline-secondary" '
        f"data-draft-discard>{t['discard']}</button>\n"
        "</div>\n</div>\n"
    )


def _conflict(context) -> str:
    """meetings/_conflict.html: rendered by its template when there is a conflict to show
    (a page sent back after someone else saved), a line otherwise."""
    if not context.get("conflict_with"):
        return "\n"
    template = context.template.engine.get_template("meetings/_conflict.html")
    with context.push():  # as {% include %}
        return template.render(context)


def _draft_status(t: dict[str, str]) -> str:
    """meetings/_draft_status.html."""
    return (
        '<span class="draft-status small" role="status" aria-live="polite" '
        f'data-draft-status data-failed="{t["draft_failed"]}" '
        f'data-signed-out="{t["draft_signed_out"]}"></span>\n'
    )


def _head(t: dict[str, str], meeting, meeting_url: str, current: str) -> str:
    """The breadcrumb, up to the page's own entry (escaped)."""
    return (
        f'\n<nav aria-label="{t["breadcrumb"]}" class="d-print-none">\n'
        '<ol class="breadcrumb"><li class="breadcrumb-item">'
        f'<a href="{t["meetings_url"]}">{t["meetings"]}</a></li>'
        f'<li class="breadcrumb-item"><a href="{meeting_url}">'
        f"{conditional_escape(meeting.period.label)}</a></li>"
        f'<li class="breadcrumb-item active" aria-current="page">{current}</li></ol>\n'
        "</nav>\n"
    )


def _deadline(deadline) -> str:
    """The report's due date and where the report stands (``meetings.deadlines.Shown``)."""
    if deadline is None:
        return "\n"  # the template's line
    late = " late" if deadline.is_late else ""
    sent_late = (
        f" · {conditional_escape(deadline.label)}" if deadline.timeliness == "sent_late" else ""
    )
    return f'<p class="report-deadline{late}">{conditional_escape(deadline.line)}{sent_late}</p>\n'


def report_form_page(context) -> SafeString:
    """The content of tracking/report_form.html."""
    t = _labels()
    meeting = context["meeting"]
    organization = context["organization"]
    report = context["report"]
    form = context["form"]
    proposals = context["proposals"]
    followups = context["followups"]
    options = option_lists(context)
    name = conditional_escape(context["organization_name"])
    meeting_url = conditional_escape(meeting.get_absolute_url())
    status = (
        f' · <span class="status status-{conditional_escape(report.status_key)}">'
        f"{conditional_escape(report.get_shown_status_display())}</span>"
        if report.pk
        else ""
    )
    register = f'<a href="{t["register_url"]}?committee={meeting.committee_id}">{t["register"]}</a>'
    if report.is_locked:
        notice = f'<div class="alert alert-info">{t["locked"]} {register}</div>\n'
    else:
        notice = (
            f'<div class="alert alert-warning return-reason"><strong>{t["returned"]}</strong> '
            f"{lines(report.return_reason)}</div>\n"
            if report.is_returned
            else ""
        )
        # Staff keep their way to the register when the report was returned (issue 18).
        if context.get("is_staff"):
            notice += f'<p class="d-print-none">{register}</p>'
    draft_url = reverse("meetings:report_draft", args=[meeting.pk, organization.pk])
    html = [
        _head(t, meeting, meeting_url, name),
        '<div class="page-header">\n'
        f"<h1>{t['report']}: {name}</h1>\n"
        f'<p class="lead">{conditional_escape(capfirst(meeting.display_title))} · '
        f"{conditional_escape(meeting.committee.name)}{status}</p>\n"
        f"{_deadline(context.get('deadline'))}"
        "</div>\n",
        notice,
        '\n<form method="post" novalidate class="entry-form">\n'
        f"{csrf_input(context)}{submission_token()}\n"
        f"{widget_html(form['version'])}{error_summary(form, followups, proposals)}\n",
        _draft_notice(t, draft_url, context),
        "\n",
        _conflict(context),
        "\n",
        '<div class="card mb-3"><div class="card-body">\n'
        f"{field_html(form['results'], options=options)}\n"
        f"{field_html(form['shortcomings'], options=options)}\n"
        f"{field_html(form['difficulties'], options=options)}\n"
        f"{field_html(form['next_tasks'], options=options)}\n"
        # Staff entering it on the organization's behalf: the day it was really sent.
        + (f"{field_html(form['sent_on'], options=options)}" if "sent_on" in form.fields else "")
        + "\n</div></div>\n"
        f"{hidden_fields(followups.management_form)}\n",
    ]
    followup_rows = context["followup_rows"]
    if followup_rows:
        html.append(
            '\n<div class="card mb-3"><div class="card-body">\n'
            f'<h2 class="h5 card-title">{t["results"]}</h2>\n'
            f'<p class="text-body-secondary small">{t["results_help"]}</p>\n'
            f"{earlier_rows.follow_up_rows(followup_rows, context['today'], options)}\n"
            "</div></div>\n"
        )
    html.append("\n")
    previous = context["previous_proposals"]
    if previous:
        html.append(
            '\n<div class="card mb-3"><div class="card-body">\n'
            f'<h2 class="h5 card-title">{t["answers"]}</h2>\n'
            '<ol class="proposals mb-0">\n'
        )
        html.extend(
            f'\n<li>{lines(p.text)} <div class="small">'
            f"{report_html.proposal_answer(p)}</div></li>\n"
            for p in previous
        )
        html.append("\n</ol>\n</div></div>\n")
    html.append(
        '\n<div class="card mb-3"><div class="card-body" data-formset="proposals">\n'
        f'<h2 class="h5 card-title">{t["proposals"]}</h2>\n'
        f'<p class="text-body-secondary small">{t["proposals_help"]}</p>\n'
        f"{hidden_fields(proposals.management_form)}\n"
        "<div data-formset-rows>\n"
        f"{formset_rows.proposal_rows(proposals.forms, options)}\n"
        "</div>\n"
        "<template data-formset-template>"
        f"{formset_rows.proposal_rows([proposals.empty_form], options)}</template>\n"
        '<button type="button" class="btn btn-sm btn-outline-primary" data-formset-add>'
        f"{t['add_proposal']}</button>\n"
        "</div></div>\n"
        '<div class="d-flex flex-wrap gap-2 form-actions">\n'
        '<button type="submit" name="save" class="btn btn-outline-primary" data-once>'
        f"{t['save_draft']}</button>\n"
        + (
            '<button type="submit" name="submit" class="btn btn-primary" data-once>'
            f"{t['save_submit']}</button>"
            if report.status != "accepted"
            else ""
        )
        + f'\n<a class="btn btn-link" href="{meeting_url}">{t["cancel"]}</a>\n'
        + _draft_status(t)
        + "\n</div>\n</form>\n"
    )
    return SafeString("".join(html))


def conclusion_form_page(context) -> SafeString:
    """The content of meetings/conclusion_form.html."""
    t = _labels()
    meeting = context["meeting"]
    conclusion = context["conclusion"]
    form = context["form"]
    directives = context["directives"]
    previous_forms = context["previous_forms"]
    options = option_lists(context)
    meeting_url = conditional_escape(meeting.get_absolute_url())
    chair = (
        f" · {t['chair']}: {conditional_escape(meeting.chair_name)}" if meeting.chair_name else ""
    )
    draft_url = reverse("meetings:conclusion_draft", args=[meeting.pk])
    html = [
        _head(t, meeting, meeting_url, t["conclusion"]),
        '<div class="page-header">\n'
        f"<h1>{t['conclusion']}</h1>\n"
        f'<p class="lead">{conditional_escape(capfirst(meeting.display_title))} · '
        f"{conditional_escape(meeting.committee.name)}{chair}</p>\n"
        "</div>\n"
        '<form method="post" novalidate class="entry-form">\n'
        f"{csrf_input(context)}{submission_token()}\n"
        f"{widget_html(form['version'])}{error_summary(form, previous_forms, directives)}\n",
        _draft_notice(t, draft_url, context),
        "\n",
        _conflict(context),
        "\n",
        '<div class="card mb-3"><div class="card-body">\n'
        '<div class="row">\n'
        f'<div class="col-md-4">{field_html(form["notice_number"], options=options)}</div>\n'
        f'<div class="col-md-4">{field_html(form["issued_on"], options=options)}</div>\n'
        f'<div class="col-md-4">{field_html(form["without_notice"], options=options)}</div>\n'
        "</div>\n"
        f"{field_html(form['assessment'], options=options)}\n"
        f"{field_html(form['shortcomings'], options=options)}\n"
        f"{field_html(form['orientation'], options=options)}\n"
        "</div></div>\n"
        f"{hidden_fields(previous_forms.management_form)}\n",
    ]
    html.append(
        '<div class="card mb-3"><div class="card-body" data-formset="directives">\n'
        f'<h2 class="h5 card-title">{t["directives"]}</h2>\n'
        f'<p class="text-body-secondary small">{t["directives_help"]}</p>\n'
        f"{hidden_fields(directives.management_form)}\n"
        "<div data-formset-rows>\n"
        f"{formset_rows.directive_rows(directives.forms, options)}\n"
        "</div>\n"
        "<template data-formset-template>"
        f"{formset_rows.directive_rows([directives.empty_form], options)}</template>\n"
        '<button type="button" class="btn btn-sm btn-outline-primary" data-formset-add>'
        f"{t['add_directive']}</button>\n"
        "</div></div>\n"
    )
    # The earlier unfinished directives after the new ones, folded (issue 18): a summary
    # with how many there are and how many the conclusion carries over or closes; open
    # when one of them was refused.
    previous_rows = context["previous_rows"]
    if previous_rows:
        draft = f"{t['earlier_draft']}" if conclusion.status != "issued" else ""
        # The count follows the choices as they are made (static/js/giaoban.js).
        marking = gettext("%(count)s marked to carry over or close")
        marked = conditional_escape(marking % {"count": context["earlier_marked"]})
        opened = " open" if context["earlier_open"] else ""
        html.append(
            f'\n<details class="card mb-3 earlier-directives" id="earlier"{opened}>\n'
            '<summary class="card-header">'
            f'<h2 class="h5 d-inline">{t["earlier"]} ({len(previous_rows)})</h2>\n'
            f'<span class="small text-body-secondary" data-earlier-marked="'
            f'{conditional_escape(marking)}">— {marked}</span></summary>\n'
            '<div class="card-body">\n'
            f'<p class="text-body-secondary small">{t["earlier_help"]} {draft}</p>\n'
            f"{earlier_rows.earlier_directive_rows(previous_rows, options)}\n"
            "</div></details>\n"
        )
    html.append(
        '\n<div class="d-flex flex-wrap gap-2 form-actions">\n'
        '<button type="submit" class="btn btn-primary" data-once>'
        f"{t['save']}</button>\n"
        f'<a class="btn btn-link" href="{meeting_url}">{t["cancel"]}</a>\n'
        + _draft_status(t)
        + "\n</div>\n</form>\n"
    )
    return SafeString("".join(html))
