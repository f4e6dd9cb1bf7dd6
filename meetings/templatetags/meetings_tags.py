from django import template
from django.utils.safestring import SafeString, mark_safe

from giaoban.fieldhtml import option_lists
from meetings import deadline_html, formset_rows, fragments, meeting_html, report_html
from meetings import richtext as richtext_module
from meetings.concurrency import version_of
from meetings.meeting_rows import meeting_rows as write_meeting_rows
from meetings.report_cards import report_cards as write_report_cards

register = template.Library()


@register.filter
def richtext(value: str) -> str:
    """Stored formatted text, shown as it is (``richtext.shown``)."""
    return richtext_module.shown(value)


@register.filter
def clean_richtext(value: str) -> str:
    """Text not known to be clean (any field of a stored row, shown beside a form in
    conflict), cleaned as it is shown."""
    return mark_safe(richtext_module.clean(value or "").html)  # noqa: S308 (sanitised just above)


@register.filter
def plaintext(value: str) -> str:
    return richtext_module.plain_text(value or "")


@register.filter
def field_value(obj, name: str):
    """The stored value of a field of ``obj`` (for showing what changed); the label of a
    choice."""
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if display else getattr(obj, name, "")
    return value if isinstance(value, str) else ""


@register.filter
def version(obj) -> str:
    """The version of ``obj`` a form acting on it sends (``meetings.concurrency``)."""
    return version_of(obj) if obj else ""


@register.simple_tag(takes_context=True)
def report_body(context, report):
    """The report's body, rendered once per version for all its readers."""
    return fragments.report_body(context.get("request"), report)


@register.simple_tag(takes_context=True)
def conclusion_body(context, conclusion, directives):
    """The conclusion's body and directives, rendered once per version for all readers."""
    return fragments.conclusion_body(context.get("request"), conclusion, directives)


@register.simple_tag
def proposal_answer(proposal) -> SafeString:
    """How a proposal was answered (a tag, not an include: the report form shows one per
    earlier proposal)."""
    return report_html.proposal_answer(proposal)


@register.simple_tag(takes_context=True)
def report_cards(context, rows):
    """The reports of the meeting page, written in Python (meetings/report_cards.py)."""
    return write_report_cards(
        context.get("request"),
        rows,
        meeting=context["meeting"],
        is_staff=context["is_staff"],
        own_organizations=context["own_organizations"],
        csrf_token=context.get("csrf_token"),
    )


@register.simple_tag(takes_context=True)
def meeting_page(context):
    """The content of the meeting page, written in Python (meetings/meeting_html.py)."""
    return meeting_html.meeting_page(
        context.get("request"), context, csrf_token=context.get("csrf_token")
    )


@register.simple_tag(takes_context=True)
def report_deadlines(context):
    """The meeting page's report deadlines (meetings/deadline_html.py)."""
    return deadline_html.report_deadlines(
        context["meeting"],
        context["deadline_groups"],
        context["today"],
        is_staff=context["is_staff"],
        csrf_token=context.get("csrf_token"),
    )


@register.simple_tag
def meeting_facts(meeting, attendances):
    """The facts of a meeting and its attendance (meetings/meeting_html.py)."""
    return mark_safe(meeting_html.meeting_facts(meeting, attendances))  # noqa: S308 (escaped there)


@register.simple_tag
def meeting_rows(meetings):
    """The meeting list's rows, written in Python (meetings/meeting_rows.py)."""
    return write_meeting_rows(meetings)


@register.simple_tag(takes_context=True)
def directive_rows(context, forms):
    """The directive rows of the conclusion form (meetings/formset_rows.py)."""
    return formset_rows.directive_rows(forms, option_lists(context))


@register.simple_tag(takes_context=True)
def proposal_rows(context, forms):
    """The proposal rows of the report form (meetings/formset_rows.py)."""
    return formset_rows.proposal_rows(forms, option_lists(context))
