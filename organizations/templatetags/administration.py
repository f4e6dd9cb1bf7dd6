from django import template

from organizations.access import access_for

register = template.Library()


@register.filter
def administers(user) -> bool:
    """Whether ``user`` administers a committee (the "Administration" menu)."""
    return bool(getattr(user, "is_authenticated", False)) and access_for(user).is_admin()
