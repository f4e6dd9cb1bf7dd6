from django import template

from giaoban.fieldhtml import option_lists
from organizations.access import access_for
from tracking import earlier_rows, form_pages
from tracking.board_rows import board_chips as write_board_chips
from tracking.board_rows import board_head as write_board_head
from tracking.board_rows import board_rows as write_board_rows
from tracking.board_rows import filter_fields
from tracking.board_rows import overdue_rows as write_overdue_rows
from tracking.board_rows import recent_directive_rows as write_recent_directive_rows
from tracking.dashboard_rows import lagging_list as write_lagging_list
from tracking.dashboard_rows import status_table as write_status_table
from tracking.dashboard_rows import total_chips as write_total_chips
from tracking.models import Status

register = template.Library()


@register.filter
def status_on(assignment, today):
    """The status of an assignment on a day, as an enum member (``.value``, ``.label``)."""
    return Status(assignment.status_on(today))


@register.filter
def as_status(value: str):
    """A status value (as annotated by a queryset) as an enum member."""
    return Status(value)


@register.simple_tag(takes_context=True)
def reads_any_proposals(context) -> bool:
    """Whether the menu shows the register of proposals (staff and leaders)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and access_for(user).reads_any_proposals())


@register.simple_tag
def board_rows(parts, bulk, selected, today=None):
    """The directive board's rows, written in Python (tracking/board_rows.py)."""
    return write_board_rows(parts, bulk=bool(bulk), selected=selected, today=today)


@register.simple_tag
def board_head(query, sort, bulk):
    """The directive board's column heads, sorting links (tracking/board_rows.py)."""
    return write_board_head(query, sort, bulk=bool(bulk))


@register.simple_tag
def board_filter(form, *columns):
    """``{% board_filter form "organization col-md-4" "q col-md-4" %}``: as
    ``{% labelled_widgets %}``, the options of the fixed choices rendered once per
    process (tracking/board_rows.py)."""
    return filter_fields(form, (column.split(" ", 1) for column in columns))


@register.simple_tag
def board_chips(counts, query, current=""):
    """The directive board's counts by status, written in Python (tracking/board_rows.py)."""
    return write_board_chips(counts, query, current)


@register.simple_tag
def recent_directive_rows(parts):
    """An organization's recent directives, written in Python (tracking/board_rows.py)."""
    return write_recent_directive_rows(parts)


@register.simple_tag
def overdue_rows(parts):
    """The dashboard's overdue directives, written in Python (tracking/board_rows.py)."""
    return write_overdue_rows(parts)


@register.simple_tag(takes_context=True)
def follow_up_rows(context, rows, today):
    """The report form's rows of unfinished directives (tracking/earlier_rows.py)."""
    return earlier_rows.follow_up_rows(rows, today, option_lists(context))


@register.simple_tag(takes_context=True)
def earlier_directive_rows(context, rows):
    """The conclusion form's rows of earlier directives (tracking/earlier_rows.py)."""
    return earlier_rows.earlier_directive_rows(rows, option_lists(context))


@register.simple_tag(takes_context=True)
def report_form_page(context):
    """The content of the report form, written in Python (tracking/form_pages.py)."""
    return form_pages.report_form_page(context)


@register.simple_tag(takes_context=True)
def conclusion_form_page(context):
    """The content of the conclusion form, written in Python (tracking/form_pages.py)."""
    return form_pages.conclusion_form_page(context)


@register.simple_tag
def total_chips(totals, committee_pk):
    """The dashboard's totals by status, written in Python (tracking/dashboard_rows.py)."""
    return write_total_chips(totals, committee_pk)


@register.simple_tag
def status_table(statuses, table):
    """The dashboard's table by status and organization (tracking/dashboard_rows.py)."""
    return write_status_table(statuses, table)


@register.simple_tag
def lagging_list(table):
    """The organizations that lag most, ranked (tracking/dashboard_rows.py)."""
    return write_lagging_list(table)
