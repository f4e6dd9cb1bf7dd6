from django.contrib import admin

from documents.models import DocumentProfile
from giaoban.admin_site import ReadOnlyHistoryAdmin


@admin.register(DocumentProfile)
class DocumentProfileAdmin(ReadOnlyHistoryAdmin):
    """How each committee heads and signs its documents, for superusers; a committee's
    admins set theirs in the app (Quản trị → Thiết lập văn bản)."""

    list_display = ["committee", "issuing_body", "signing_authority", "signer_title", "signer_name"]
    list_select_related = ["committee"]
    search_fields = ["committee__name"]
