from django import template
from django.utils.safestring import mark_safe

from meetings import richtext as richtext_module
from meetings.concurrency import version_of

register = template.Library()


@register.filter
def richtext(value: str) -> str:
    """Formatted text, sanitised again on the way out (whatever path stored it)."""
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
