from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from documents import services
from documents.models import DocumentProfile, ReportAttachment
from giaoban.admin_site import ReadOnlyHistoryAdmin
from meetings.admin import ArchivedAdmin


@admin.register(DocumentProfile)
class DocumentProfileAdmin(ReadOnlyHistoryAdmin):
    """How each committee heads and signs its documents, for superusers; a committee's
    admins set theirs in the app (Quản trị → Thiết lập văn bản)."""

    list_display = ["committee", "issuing_body", "signing_authority", "signer_title", "signer_name"]
    list_select_related = ["committee"]
    search_fields = ["committee__name"]


@admin.register(ReportAttachment)
class ArchivedReportAttachmentAdmin(ArchivedAdmin):
    """Report files removed in the interface (kept with their file), for superusers to
    restore."""

    actions = ("restore",)
    list_display = ("original_name", "report", "archived_at", "archived_by")
    list_select_related = ("report__organization", "report__meeting", "archived_by")
    search_fields = ("original_name",)

    @admin.action(description=_("Restore the selected items"))
    def restore(self, request, queryset):
        count = services.restore_attachments(attachments=queryset, by=request.user, request=request)
        self.message_user(
            request,
            ngettext("%(count)d item restored.", "%(count)d items restored.", count)
            % {"count": count},
            messages.SUCCESS,
        )
