"""Removed proposals and directives, for superusers to read (Django's admin is theirs
only). Restoring is done in the app, on the "Mục đã xóa" page
(meetings/views/removed.py), through the service that also writes the history and the
search index."""

from django.contrib import admin

from meetings.models import Directive, Proposal


class ArchivedAdmin(admin.ModelAdmin):
    """Only removed rows, read-only."""

    list_filter = ("archived_at",)
    search_fields = ("text",)

    def get_queryset(self, request):
        return self.model.all_objects.archived()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ArchivedProposalAdmin(ArchivedAdmin):
    list_display = ("text", "report", "archived_at", "archived_by")
    list_select_related = ("report__organization", "report__meeting", "archived_by")


@admin.register(Directive)
class ArchivedDirectiveAdmin(ArchivedAdmin):
    list_display = ("text", "conclusion", "archived_at", "archived_by")
    list_select_related = ("conclusion__meeting", "archived_by")
