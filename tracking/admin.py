"""The admin's merger of organizations hands their open directive parts over, as the
app's own merge page does (``tracking.services.merge_organizations``)."""

from __future__ import annotations

from django.contrib import admin

from organizations.admin import OrganizationAdmin
from organizations.models import Organization
from tracking import services


class FollowUpOrganizationAdmin(OrganizationAdmin):
    merge_organizations = staticmethod(services.merge_organizations)


admin.site.unregister(Organization)
admin.site.register(Organization, FollowUpOrganizationAdmin)
