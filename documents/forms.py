from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentProfile
from documents.uploads import ATTACHMENT_KINDS, SCAN_KINDS, SHEET_KINDS, UploadField
from giaoban.forms import BootstrapMixin


class AttachmentForm(BootstrapMixin, forms.Form):
    file = UploadField(
        kinds=ATTACHMENT_KINDS,
        label=_("Original file of the report"),
        help_text=_("PDF, Word (.docx), Excel (.xlsx) or an image (JPEG, PNG)."),
    )


class SignedNoticeForm(BootstrapMixin, forms.Form):
    file = UploadField(
        kinds=SCAN_KINDS,
        label=_("Scan of the signed notice"),
        help_text=_("PDF, or an image (JPEG, PNG) of each page."),
    )
    reason = forms.CharField(
        label=_("Why a new version"),
        max_length=300,
        required=False,
        help_text=_("Required when a signed copy was already uploaded."),
    )

    def __init__(self, *args, has_versions: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_versions = has_versions
        self.fields["reason"].required = has_versions
        if not has_versions:
            self.fields["reason"].widget = forms.HiddenInput()


class SheetUploadForm(BootstrapMixin, forms.Form):
    file = UploadField(
        kinds=SHEET_KINDS,
        label=_("Filled-in tracking sheet"),
        help_text=_(
            "The .xlsx file exported from the board, with the last three columns filled in."
        ),
    )


class DocumentProfileForm(forms.ModelForm):
    """How a committee heads and signs its documents (its admins set it)."""

    class Meta:
        model = DocumentProfile
        fields = [
            "superior_body",
            "issuing_body",
            "signing_authority",
            "signer_title",
            "signer_name",
            "recipients",
            "proposals_issuer",
            "proposals_signing_authority",
            "proposals_signer_title",
            "proposals_signer_name",
        ]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 5})}
