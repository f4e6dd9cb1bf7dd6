from django.contrib import admin

from documents.models import DocumentProfile, ReportAttachment
from giaoban.admin_site import ReadOnlyHistoryAdmin
from meetings.admin import ArchivedAdmin
from organizations.access import access_for
from organizations.admin import ScopedChoicesMixin


@admin.register(DocumentProfile)
class DocumentProfileAdmin(ScopedChoicesMixin, ReadOnlyHistoryAdmin):
    """How each committee heads and signs its documents: admins of the committee set it."""

    list_display = ["committee", "issuing_body", "signing_authority", "signer_title", "signer_name"]
    search_fields = ["committee__name"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("committee")
        if request.user.is_superuser:
            return qs
        return qs.filter(committee_id__in=access_for(request.user).administered_committee_ids())


@admin.register(ReportAttachment)
class ArchivedReportAttachmentAdmin(ArchivedAdmin):
    """Report files removed in the interface (kept with their file), to restore."""

    committee_path = "report__meeting__committee"
    list_display = ("original_name", "report", "archived_at", "archived_by")
    search_fields = ("original_name",)
