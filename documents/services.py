"""Storing uploads: all or nothing (no file without its row, no row without its file)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.http import HttpRequest
from simple_history.utils import bulk_update_with_history

from accounts.models import SecurityEvent, User
from accounts.security_log import record
from documents.models import DocumentProfile, ReportAttachment, SignedNotice
from documents.uploads import CheckedFile
from giaoban.pagecache import changed, touched
from meetings import services as meeting_services
from meetings.models import Conclusion, Meeting
from organizations.models import Organization


def _stored(instance, checked: CheckedFile, by: User, *, tell: Callable[[], None]):
    instance.original_name = checked.name
    instance.content_type = checked.kind.content_type
    instance.size = checked.size
    instance.sha256 = checked.sha256
    instance.uploaded_by = by
    # The storage (a local folder or an object store) receives the bytes when the row is
    # saved; the stored name comes from ``upload_to``, never from the user.
    instance.file = File(checked.file, name=checked.name)
    try:
        with transaction.atomic():
            instance.save()
            tell()
    except Exception:
        if instance.file.name and instance.file.name != checked.name:
            instance.file.storage.delete(instance.file.name)
        raise
    return instance


@transaction.atomic
def attach_to_report(
    *, meeting: Meeting, organization: Organization, checked: CheckedFile, by: User
) -> ReportAttachment:
    """Attach a file to the organization's report to the meeting (an empty draft report is
    created first if there is none yet)."""
    report = meeting_services.open_report(meeting=meeting, organization=organization, by=by)
    return _stored(
        ReportAttachment(report=report),
        checked,
        by,
        tell=lambda: touched(meeting.committee_id, report=(meeting.pk, organization.pk)),
    )


@transaction.atomic
def remove_attachment(
    *, attachment: ReportAttachment, by: User, request: HttpRequest | None = None
) -> None:
    """Remove a file from its report: the row is archived (in its history, with who and
    when), the file stays in storage and in backups, an admin can restore it; the removal
    is noted in the security log (``request`` gives the address and page)."""
    attachment._history_user = by
    attachment.archive(by)
    report = attachment.report
    touched(report.meeting.committee_id, report=(report.meeting_id, report.organization_id))
    record(SecurityEvent.Kind.FILE_REMOVED, request, user=by)


@transaction.atomic
def restore_attachments(
    *, attachments: QuerySet[ReportAttachment], by: User, request: HttpRequest | None = None
) -> int:
    """Put removed report files back on their reports, in bulk (one statement, history rows
    in bulk, by ``by``), noted in the security log; returns how many."""
    # The caller's joins (an admin list's select_related) cannot be locked on PostgreSQL.
    items = list(attachments.archived().select_related(None).select_for_update())
    if not items:
        return 0
    changed(
        ReportAttachment.all_objects.filter(pk__in=[item.pk for item in items])
        .values_list("report__meeting__committee_id", flat=True)
        .distinct()
    )
    for item in items:
        item.archived_at = item.archived_by = None
    bulk_update_with_history(
        items,
        ReportAttachment,
        ["archived_at", "archived_by"],
        default_user=by,
        manager=ReportAttachment.all_objects,  # the default manager hides archived rows
    )
    record(SecurityEvent.Kind.FILE_RESTORED, request, user=by)
    return len(items)


def stored_names(storage, folder: str) -> list[str]:
    """Every file under ``folder`` of ``storage`` (a local folder or an object store)."""
    names = []
    pending = [folder]
    while pending:
        current = pending.pop()
        if not storage.exists(current):
            continue
        directories, files = storage.listdir(current)
        names += [f"{current}/{name}" for name in files]
        pending += [f"{current}/{name}" for name in directories]
    return names


def orphan_files(older_than) -> list[str]:
    """Stored uploads that no row refers to (an upload whose transaction failed after the
    file was written), last modified before ``older_than``."""
    from django.core.files.storage import default_storage

    # Removed (archived) report files are still known: they are kept until their report goes.
    known = set(ReportAttachment.all_objects.values_list("file", flat=True)) | set(
        SignedNotice.objects.values_list("file", flat=True)
    )
    orphans = []
    for folder in ("report-files", "signed-notices"):
        for name in stored_names(default_storage, folder):
            if name not in known and default_storage.get_modified_time(name) < older_than:
                orphans.append(name)
    return orphans


class VersionTaken(Exception):
    """Someone uploaded a signed copy of the same notice at the same moment."""


@transaction.atomic
def add_signed_notice(
    conclusion: Conclusion, checked: CheckedFile, *, by: User, reason: str = ""
) -> SignedNotice:
    """The next version of the signed notice; earlier versions are kept as they are."""
    latest = conclusion.signed_versions.aggregate(latest=Max("version"))["latest"] or 0
    try:
        return _stored(
            SignedNotice(conclusion=conclusion, version=latest + 1, reason=reason.strip()),
            checked,
            by,
            tell=lambda: touched(
                conclusion.meeting.committee_id, meetings=[conclusion.meeting_id], lists=True
            ),
        )
    except IntegrityError as error:
        raise VersionTaken from error


@transaction.atomic
def save_document_profile(*, committee, values: dict, by: User) -> DocumentProfile:
    """How ``committee`` heads and signs its documents (created on first save)."""
    profile = DocumentProfile.objects.select_for_update().filter(committee=committee).first()
    if profile is None:
        profile = DocumentProfile(committee=committee)
    for field, value in values.items():
        setattr(profile, field, value)
    profile._history_user = by
    profile.full_clean()
    profile.save()
    changed([profile.committee_id])
    return profile
