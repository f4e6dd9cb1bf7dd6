"""A backup holds every row of every table and every uploaded file, and restores all of
it or nothing."""

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import tarfile

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import security_log
from accounts.models import SecurityEvent, User
from documents.services import add_signed_notice, attach_to_report
from documents.uploads import ATTACHMENT_KINDS, SCAN_KINDS, check_upload
from giaoban.demo import load_demo_data
from meetings.models import Conclusion, Directive, Meeting, Proposal, Report
from tests.conftest import sign_in
from tests.documents.files import PDF, png, upload
from tests.factories import index_for_search, make_meeting, make_report, make_user
from tests.factories import record_progress as record_update
from tests.security.test_two_factor import code_for
from tracking.models import DirectiveAssignment
from tracking.services import carry_over

PASSWORD = "test-password-123"
# Not restored, on purpose: sign-ins end with a restore (everyone signs in again), and
# page stamps are not data (a restore stamps anew).
NOT_RESTORED = {"sessions.Session", "giaoban.PageStamp"}
# Rows compared without their id: content types and permissions are made anew by
# ``migrate``, the search index is rebuilt, and many-to-many link rows get new ids.
NEW_IDS = {"contenttypes.ContentType", "auth.Permission", "search.SearchEntry"}


def table_rows() -> dict[str, list[tuple]]:
    """Every row of every table (history and many-to-many links included), all fields;
    content types and permissions by their natural keys."""
    natural = {
        ContentType: {ct.pk: ct.natural_key() for ct in ContentType.objects.all()},
        Permission: {
            p.pk: p.natural_key() for p in Permission.objects.select_related("content_type")
        },
    }
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if label in NOT_RESTORED:
            continue
        new_ids = label in NEW_IDS or model._meta.auto_created
        fields = [f for f in model._meta.concrete_fields if not (new_ids and f.primary_key)]
        rows = []
        for values in model._base_manager.values_list(*[f.attname for f in fields]):
            rows.append(
                tuple(
                    natural[f.related_model][value]
                    if f.related_model in natural and value is not None
                    else value
                    for f, value in zip(fields, values, strict=True)
                )
            )
        tables[label] = sorted(rows, key=repr)
    return tables


def stored_files(root) -> dict[str, str]:
    """Every file of the storage and its SHA-256."""
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                files[os.path.relpath(path, root)] = hashlib.sha256(handle.read()).hexdigest()
    return files


def empty_everything(media_root) -> None:
    call_command("flush", "--no-input")
    for name in stored_files(media_root):
        os.remove(media_root / name)
    assert stored_files(media_root) == {}


def restore(archive) -> None:
    call_command("restore", str(archive), stdout=io.StringIO())


def draft_with_removed_directive(world, by) -> Directive:
    """A draft conclusion whose second directive, assigned to the Front, was removed."""
    meeting = make_meeting(world.lam_giang, "2024-Q3")
    conclusion = Conclusion.objects.create(meeting=meeting)
    for position, text in enumerate(["Giữ lại", "Gỡ bỏ"], start=1):
        directive = Directive.objects.create(
            conclusion=conclusion, position=position, text=f"Nhiệm vụ {text}"
        )
        DirectiveAssignment.objects.create(
            directive=directive, organization=world.front, is_lead=True
        )
    directive.archive(by)
    return directive


@pytest.mark.django_db(transaction=True)
def test_a_directive_removed_from_a_draft_conclusion_is_restored(tmp_path, media_root, world):
    removed = draft_with_removed_directive(world, world.trang)
    archive = tmp_path / "giaoban.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    empty_everything(media_root)

    restore(archive)

    assert Directive.all_objects.count() == 2
    assert Directive.all_objects.get(pk=removed.pk).archived_at == removed.archived_at
    assert not Directive.objects.filter(pk=removed.pk).exists()
    assert DirectiveAssignment.objects.filter(directive=removed.pk).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_archived_proposal_is_restored(tmp_path, media_root, world, meeting):
    report = make_report(meeting, world.front)
    Proposal.objects.create(report=report, text="Kiến nghị đã gỡ").archive(world.trang)
    archive = tmp_path / "giaoban.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    empty_everything(media_root)

    restore(archive)

    assert Proposal.all_objects.archived().get().text == "Kiến nghị đã gỡ"


@pytest.mark.django_db(transaction=True)
def test_rich_text_of_an_older_backup_is_restored_clean(tmp_path, media_root, world, meeting):
    """A backup written before text was cleaned when saved: restored, it is cleaned once
    (pages show stored rich text as it is)."""
    make_report(meeting, world.front, results='<p onclick="x()">Kết quả</p><script>x()</script>')
    Meeting.objects.filter(pk=meeting.pk).update(summary="Tóm tắt <b>kỳ</b>")
    archive = tmp_path / "giaoban.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    empty_everything(media_root)

    restore(archive)

    assert Report.objects.get().results == "<p>Kết quả</p>"
    assert Meeting.objects.get().summary == "Tóm tắt <strong>kỳ</strong>"


def everything(world, issued, client) -> None:
    """Archived items, carried-over directives, progress, history, the security log,
    sign-in attempts, a two-factor device, the admin log, groups and uploaded files."""
    q1, (first, second, _) = issued()
    q2 = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 19))
    into = Conclusion.objects.create(meeting=q2)
    record_update(
        assignment=first.assignments.get(), progress="done", by=world.khoi, note="Đã xong"
    )
    carry_over(directives=[second], into=into, by=world.trang)
    draft_with_removed_directive(world, world.trang)
    report = make_report(q1, world.front, results="<p>Kết quả quý I</p>")
    Proposal.objects.create(report=report, position=1, text="Kiến nghị còn giữ")
    Proposal.objects.create(report=report, position=2, text="Kiến nghị đã gỡ").archive(world.trang)
    attach_to_report(
        meeting=q1,
        organization=world.front,
        checked=check_upload(upload("bao-cao.pdf", PDF), ATTACHMENT_KINDS),
        by=world.khoi,
    )
    add_signed_notice(
        q1.conclusion, check_upload(upload("45-TB-TU.png", png()), SCAN_KINDS), by=world.trang
    )
    default_storage.save("exports/tong-hop.txt", ContentFile("Tổng hợp kiến nghị".encode()))

    TOTPDevice.objects.create(user=world.nam, name="Điện thoại", confirmed=True)
    clerks = Group.objects.create(name="Văn thư")
    clerks.permissions.add(Permission.objects.get(codename="view_meeting"))
    world.bao.groups.add(clerks)
    world.bao.user_permissions.add(Permission.objects.get(codename="view_directive"))
    LogEntry.objects.create(
        user=world.nam,
        content_type=ContentType.objects.get_for_model(Directive),
        object_id=str(first.pk),
        object_repr=str(first),
        action_flag=CHANGE,
        change_message="Sửa nội dung",
    )
    security_log.record(SecurityEvent.Kind.EXPORT, user=world.trang)
    sign_in(client, "khoi", "sai mật khẩu")
    assert sign_in(client, "khoi", PASSWORD).status_code == 302
    sign_in(Client(), "ha", "sai mật khẩu")  # a failed attempt still counted
    index_for_search(*Meeting.objects.all())  # rows written above without their services


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_table_and_file(tmp_path, media_root, world, issued, client):
    everything(world, issued, client)
    before, files_before = table_rows(), stored_files(media_root)
    for label in [
        "meetings.Directive",
        "meetings.HistoricalDirective",
        "meetings.HistoricalProposal",
        "tracking.ProgressUpdate",
        "accounts.SecurityEvent",
        "accounts.UserSession",
        "accounts.User_groups",
        "accounts.User_user_permissions",
        "auth.Group_permissions",
        "axes.AccessAttempt",
        "axes.AccessLog",
        "otp_totp.TOTPDevice",
        "admin.LogEntry",
        "documents.SignedNotice",
        "documents.ReportAttachment",
        "search.SearchEntry",
    ]:
        assert before[label], f"{label} holds no row: the test would prove nothing for it"
    assert len(files_before) == 3
    archive = tmp_path / "giaoban.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    empty_everything(media_root)
    # As in another database, the directives' content type and permissions get other ids.
    ContentType.objects.filter(app_label="meetings", model="directive").delete()
    ContentType.objects.clear_cache()
    create_contenttypes(apps.get_app_config("meetings"), verbosity=0)
    create_permissions(apps.get_app_config("meetings"), verbosity=0)

    restore(archive)

    after = table_rows()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert stored_files(media_root) == files_before
    rows = sum(len(r) for r in before.values())
    print(f"{len(before)} tables, {rows} rows, {len(files_before)} files restored identically")


@pytest.mark.django_db(transaction=True)
def test_after_a_restore_people_sign_in_with_two_factor_and_work_goes_on(
    tmp_path, media_root, world, issued, client, settings
):
    everything(world, issued, client)
    device = TOTPDevice.objects.get(user=world.nam)
    archive = tmp_path / "giaoban.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    empty_everything(media_root)
    restore(archive)

    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    admin = Client()
    sign_in(admin, "nam", PASSWORD)
    assert admin.get("/").url == reverse("two_factor_verify")
    admin.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert admin.get("/").status_code == 200

    # New rows take new ids (on PostgreSQL the sequences were moved past the restored ones).
    conclusion = Conclusion.objects.get(meeting__period_kind="Q2")
    directive = Directive.objects.create(conclusion=conclusion, position=9, text="Nhiệm vụ mới")
    DirectiveAssignment.objects.create(directive=directive, organization=world.farmers)
    report = Report.objects.get()
    Proposal.objects.create(report=report, position=3, text="Kiến nghị mới")
    attach_to_report(
        meeting=report.meeting,
        organization=report.organization,
        checked=check_upload(upload("bo-sung.pdf", PDF), ATTACHMENT_KINDS),
        by=world.khoi,
    )
    make_user("moi", "Người Mới").groups.add(Group.objects.get(name="Văn thư"))
    security_log.record(SecurityEvent.Kind.EXPORT, user=world.trang)
    assert directive.history.count() == 1
    assert Directive.all_objects.count() == 7


def without(archive, tmp_path, model: str):
    """The backup with the rows of ``model`` taken out (as the old backups did)."""
    broken = tmp_path / "broken.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(broken, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "data.json":
                rows = [row for row in json.loads(content) if row["model"] != model]
                content = json.dumps(rows).encode()
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    return broken


@pytest.mark.django_db(transaction=True)
def test_a_failed_restore_changes_nothing_and_says_why(tmp_path, media_root, world, issued, client):
    everything(world, issued, client)
    archive = tmp_path / "giaoban.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    empty_everything(media_root)
    emptied = table_rows()

    with pytest.raises(CommandError, match="could not be restored; nothing was changed"):
        restore(without(archive, tmp_path, "meetings.directive"))

    assert table_rows() == emptied
    assert stored_files(media_root) == {}


class FailingStorage(FileSystemStorage):
    """A storage whose disk fills up at the signed notices."""

    def _save(self, name, content):
        if name.startswith("signed-notices/"):
            raise OSError(28, "No space left on device")
        return super()._save(name, content)


@pytest.mark.django_db(transaction=True)
def test_files_written_before_a_failure_are_removed(
    tmp_path, media_root, world, issued, client, settings
):
    everything(world, issued, client)
    archive = tmp_path / "giaoban.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    empty_everything(media_root)
    emptied = table_rows()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FailingStorage"},
    }

    with pytest.raises(CommandError, match="No space left on device"):
        restore(archive)

    assert table_rows() == emptied
    assert stored_files(media_root) == {}


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_or_storage_that_holds_data(tmp_path, media_root, world):
    draft_with_removed_directive(world, world.trang)
    default_storage.save("exports/tong-hop.txt", ContentFile(b"first"))
    archive = tmp_path / "giaoban.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    call_command("flush", "--no-input")
    from organizations.models import PartyCommittee

    # One committee and no user: still data.
    PartyCommittee.objects.create(name="Tỉnh ủy Còn lại", document_suffix="TU")

    with pytest.raises(CommandError, match="not empty.*organizations.PartyCommittee"):
        restore(archive)

    call_command("flush", "--no-input")
    os.remove(media_root / "exports/tong-hop.txt")
    default_storage.save("exports/tong-hop.txt", ContentFile(b"other"))
    with pytest.raises(CommandError, match="exports/tong-hop.txt"):
        restore(archive)
    assert not Directive.all_objects.exists()
    with open(media_root / "exports/tong-hop.txt", "rb") as handle:
        assert handle.read() == b"other"


@pytest.mark.django_db(transaction=True)
def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_bytes(gzip.compress(b"ghi chu"))

    with pytest.raises(CommandError, match="not a giaoban backup"):
        restore(not_a_backup)


COUNTED = ["organizations", "meetings", "tracking", "accounts"]


def snapshot():
    counts = {}
    for label in COUNTED:
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model._base_manager.count()
    return counts


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_data()
    default_storage.save("reports/bao-cao-quy-I.pdf", ContentFile(b"%PDF-1.4 demo bytes"))
    before = snapshot()

    sample = Report.objects.order_by("pk").values_list("results", flat=True).first()
    archive = tmp_path / "giaoban.tar.gz"

    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
    call_command("flush", "--no-input")
    default_storage.delete("reports/bao-cao-quy-I.pdf")
    call_command("restore", str(archive))

    assert snapshot() == before
    assert Report.objects.order_by("pk").values_list("results", flat=True).first() == sample
    with default_storage.open("reports/bao-cao-quy-I.pdf", "rb") as handle:
        assert handle.read() == b"%PDF-1.4 demo bytes"

    assert User.objects.get(username="canbo").check_password("giaoban-demo-2026")
