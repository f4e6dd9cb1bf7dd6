"""Removing a report's file archives it: the file stays in storage and in backups, the
removal is in the history and the security log, and an admin can restore it."""

from __future__ import annotations

import json
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from accounts.models import SecurityEvent
from documents.models import ReportAttachment
from giaoban.backup import write_backup
from tests.documents import files
from tests.factories import make_report, make_user

pytestmark = pytest.mark.django_db


def files_url(meeting, organization):
    return reverse("documents:report_files", args=[meeting.pk, organization.pk])


def test_staff_removing_a_file_of_an_accepted_report_archives_and_logs_it(
    client, world, meeting, tmp_path, django_capture_on_commit_callbacks
):
    report = make_report(meeting, world.front, status="accepted", results="<p>x</p>")
    client.force_login(world.trang)
    client.post(files_url(meeting, world.front), {"file": files.upload("Báo cáo.pdf", files.PDF)})
    attachment = ReportAttachment.objects.get()
    url = reverse("documents:attachment_delete", args=[attachment.pk])
    client.force_login(world.khoi)
    assert client.post(url).status_code == 404  # locked for the organization

    client.force_login(world.trang)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302

    assert default_storage.exists(attachment.file.name)
    assert not report.attachments.exists()
    page = client.get(files_url(meeting, world.front)).content.decode()
    assert reverse("documents:attachment", args=[attachment.pk]) not in page
    assert "Báo cáo chưa có tệp đính kèm." in page
    archived = ReportAttachment.all_objects.get()
    assert archived.archived_by == world.trang
    report.refresh_from_db()
    assert report.status == "accepted"
    removal = archived.history.order_by("-history_id").first()
    assert (removal.history_user, removal.archived_by) == (world.trang, world.trang)
    event = SecurityEvent.objects.get(kind="file_removed")
    assert (event.user, event.path) == (world.trang, url)
    client.force_login(world.khoi)
    assert client.get(reverse("documents:attachment", args=[archived.pk])).status_code == 404

    archive = tmp_path / "backup.tar.gz"
    write_backup(archive)
    with tarfile.open(archive) as tar:
        data = json.loads(tar.extractfile("data.json").read())
        assert f"media/{archived.file.name}" in tar.getnames()
    kept = [o for o in data if o["model"] == "documents.reportattachment"]
    assert [o["fields"]["original_name"] for o in kept] == ["Báo cáo.pdf"]


def test_an_admin_restores_a_removed_file(client, world, meeting):
    make_report(meeting, world.front, status="submitted")
    client.force_login(world.khoi)
    client.post(files_url(meeting, world.front), {"file": files.upload("a.pdf", files.PDF)})
    attachment = ReportAttachment.objects.get()
    client.post(reverse("documents:attachment_delete", args=[attachment.pk]))
    assert not ReportAttachment.objects.exists()

    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    changelist = reverse("admin:documents_reportattachment_changelist")
    assert "a.pdf" in client.get(changelist).content.decode()
    client.post(changelist, {"action": "restore", "_selected_action": [attachment.pk]})

    assert ReportAttachment.objects.get().archived_at is None


def test_restoring_files_is_in_their_history_and_the_security_log(client, world, meeting):
    from accounts.models import SecurityEvent
    from documents.services import restore_attachments

    make_report(meeting, world.front, status="submitted")
    client.force_login(world.khoi)
    for name in ("a.pdf", "b.pdf"):
        client.post(files_url(meeting, world.front), {"file": files.upload(name, files.PDF)})
    for attachment in ReportAttachment.objects.all():
        client.post(reverse("documents:attachment_delete", args=[attachment.pk]))
    root = make_user("root", is_superuser=True, is_staff=True)

    restored = restore_attachments(attachments=ReportAttachment.all_objects.all(), by=root)

    assert restored == 2
    assert ReportAttachment.objects.count() == 2
    assert SecurityEvent.objects.filter(kind="file_restored", user=root).count() == 1
    latest = [a.history.latest() for a in ReportAttachment.objects.all()]
    assert {(h.history_user_id, h.archived_at) for h in latest} == {(root.pk, None)}
