from django import template

from meetings.models import Status

register = template.Library()


@register.filter
def status_on(assignment, today):
    """The status of an assignment on a day, as an enum member (``.value``, ``.label``)."""
    return Status(assignment.status_on(today))


@register.filter
def as_status(value: str):
    """A status value (as annotated by a queryset) as an enum member."""
    return Status(value)
