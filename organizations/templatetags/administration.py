from django import template

from organizations.access import access_for

register = template.Library()


@register.filter
def administers(user) -> bool:
    """Whether ``user`` administers a committee (the "Administration" menu)."""
    return bool(getattr(user, "is_authenticated", False)) and access_for(user).is_admin()


@register.filter
def restores_in(user, committee) -> bool:
    """Whether ``user`` lists and restores the removed items of ``committee`` (the
    "Removed items" tab of the administration)."""
    if committee is None or not getattr(user, "is_authenticated", False):
        return False
    return access_for(user).restores_in(committee.pk)
