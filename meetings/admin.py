"""Restoring what was removed in the interface (removal archives; nothing is deleted)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from meetings.models import Directive, Proposal
from organizations.access import access_for


class ArchivedAdmin(admin.ModelAdmin):
    """Only removed rows, scoped to the committees the admin administers, with "restore"."""

    committee_path: str
    actions = ("restore",)
    list_filter = ("archived_at",)

    def get_queryset(self, request):
        qs = self.model.all_objects.archived()
        if not request.user.is_superuser:
            ids = access_for(request.user).administered_committee_ids()
            qs = qs.filter(**{f"{self.committee_path}__in": ids})
        return qs

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or bool(
            access_for(request.user).administered_committee_ids()
        )

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(description=_("Restore the selected items"))
    def restore(self, request, queryset):
        count = 0
        for item in queryset:
            # One save per item (not queryset.update) so that each restore is in the history.
            item.restore()
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d item restored.", "%(count)d items restored.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Proposal)
class ArchivedProposalAdmin(ArchivedAdmin):
    committee_path = "report__meeting__committee"
    list_display = ("text", "report", "archived_at", "archived_by")
    search_fields = ("text",)


@admin.register(Directive)
class ArchivedDirectiveAdmin(ArchivedAdmin):
    committee_path = "conclusion__meeting__committee"
    list_display = ("text", "conclusion", "archived_at", "archived_by")
    search_fields = ("text",)
