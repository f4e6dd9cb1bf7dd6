"""Files: how a committee's documents are headed and signed, the signed notices
scanned back in, and the original files attached to reports.

Stored files go through Django's storage API (``FieldFile``), so a shared object
store replaces the local folder by settings alone. Stored names are generated
(``uuid``), never taken from the uploader; the name the user gave is kept as
data for downloads.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models import Archivable, Conclusion, Report
from organizations.models import PartyCommittee


class DocumentProfile(models.Model):
    """How a committee heads and signs its documents (Hướng dẫn 36-HD/VPTW).

    Every field may be left empty: the documents then use what the committee's
    name gives ("TỈNH ỦY LÂM GIANG") and the usual signing of a notice by the
    office ("T/L BAN THƯỜNG VỤ" / "CHÁNH VĂN PHÒNG").
    """

    committee = models.OneToOneField(
        PartyCommittee,
        verbose_name=_("party committee"),
        on_delete=models.CASCADE,
        related_name="document_profile",
    )
    superior_body = models.CharField(
        _("superior body line"),
        max_length=150,
        blank=True,
        help_text=_("First line of the issuing body, if used: “ĐẢNG BỘ TỈNH LÂM GIANG”."),
    )
    issuing_body = models.CharField(
        _("issuing body"),
        max_length=150,
        blank=True,
        help_text=_("As printed top left: “TỈNH ỦY”. Empty: the committee's name in capitals."),
    )
    signing_authority = models.CharField(
        _("signing authority"),
        max_length=100,
        blank=True,
        help_text=_("“T/L BAN THƯỜNG VỤ”, “T/M BAN THƯỜNG VỤ”, “K/T BÍ THƯ”…"),
    )
    signer_title = models.CharField(
        _("signer's title"),
        max_length=100,
        blank=True,
        help_text=_("“CHÁNH VĂN PHÒNG”, “PHÓ BÍ THƯ”…"),
    )
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    # The standing part of "Nơi nhận": a notice adds the organizations it gives directives to.
    recipients = models.TextField(
        _("standing recipients (Nơi nhận)"),
        blank=True,
        help_text=_(
            "One per line, e.g. “Thường trực Tỉnh ủy (b/c)”. A notice adds every "
            "organization it gives a directive to, then “Lưu Văn phòng” unless a line here "
            "starts with “Lưu”. Empty: the standing committee."
        ),
    )
    proposals_issuer = models.CharField(
        _("issuer of the compiled proposals"),
        max_length=150,
        blank=True,
        help_text=_("Empty: “BAN DÂN VẬN”."),
    )
    proposals_signing_authority = models.CharField(
        _("signing authority of the compiled proposals"),
        max_length=100,
        blank=True,
        help_text=_("Empty: “T/M BAN DÂN VẬN”."),
    )
    proposals_signer_title = models.CharField(
        _("signer's title on the compiled proposals"),
        max_length=100,
        blank=True,
        help_text=_("Empty: “TRƯỞNG BAN”."),
    )
    proposals_signer_name = models.CharField(
        _("signer's name on the compiled proposals"), max_length=100, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document settings")
        verbose_name_plural = _("document settings")

    def __str__(self) -> str:
        return str(self.committee)


def _stored_name(folder: str, original: str) -> str:
    extension = original.rsplit(".", 1)[-1].lower() if "." in original else "bin"
    now = timezone.now()
    return f"{folder}/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def signed_notice_path(instance: SignedNotice, filename: str) -> str:
    return _stored_name("signed-notices", filename)


def attachment_path(instance: ReportAttachment, filename: str) -> str:
    return _stored_name("report-files", filename)


class StoredFile(models.Model):
    """What every stored upload keeps: the user's file name, its type, size and checksum."""

    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True


class ImmutableVersion(Exception):
    """Raised on any attempt to change or delete a stored signed notice."""


class SignedNotice(StoredFile):
    """The scan of a signed conclusion notice: the issued version.

    Rows are never changed or deleted through the application: a new upload is a
    new version that supersedes the previous one, which stays readable.
    """

    conclusion = models.ForeignKey(
        Conclusion,
        verbose_name=_("conclusion"),
        on_delete=models.PROTECT,
        related_name="signed_versions",
    )
    version = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=signed_notice_path, max_length=200)
    reason = models.CharField(
        _("reason for a new version"),
        max_length=300,
        blank=True,
    )

    class Meta:
        verbose_name = _("signed notice")
        verbose_name_plural = _("signed notices")
        ordering = ["conclusion", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["conclusion", "version"], name="signed_notice_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conclusion} (v{self.version})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableVersion("A stored signed notice is never changed; add a new version.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("documents:signed_notice_file", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise ImmutableVersion("A stored signed notice is never deleted; add a new version.")


class ReportAttachment(Archivable, StoredFile):
    """An original file of a report: the Word file, the scan, the spreadsheet of figures.

    Removing it in the interface archives the row and keeps the file (an admin can
    restore it); only deleting its report deletes it.
    """

    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
        ordering = ["report", "uploaded_at", "pk"]
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("documents:attachment", args=[self.pk])
