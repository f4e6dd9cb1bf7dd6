from django.contrib import admin

from documents.models import DocumentProfile
from giaoban.admin_site import ReadOnlyHistoryAdmin
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
