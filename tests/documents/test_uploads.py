"""Report files and the signed notice: what is accepted, what is refused (with a message
and nothing half-saved), who may download, and versions that are never replaced."""

from __future__ import annotations

import hashlib
import os

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from documents.models import ImmutableVersion, ReportAttachment, SignedNotice
from meetings.models import Conclusion, Report
from tests.documents import files
from tests.factories import make_report

pytestmark = pytest.mark.django_db


def stored_files(media_root) -> list[str]:
    if not os.path.exists(media_root):
        return []
    return [os.path.join(d, f) for d, _dirs, names in os.walk(media_root) for f in names]


def files_url(meeting, organization):
    return reverse("documents:report_files", args=[meeting.pk, organization.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("Báo cáo quý I.pdf", files.PDF, "application/pdf"),
        (
            "Báo cáo Mặt trận.docx",
            files.docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "Số liệu (kèm theo).xlsx",
            files.xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("Ảnh hội nghị.png", files.png(), "image/png"),
    ],
)
def test_each_kind_is_attached_and_downloads_as_it_was(
    client, world, meeting, name, content, content_type
):
    client.force_login(world.khoi)
    response = client.post(files_url(meeting, world.front), {"file": files.upload(name, content)})
    assert response.status_code == 302
    attachment = ReportAttachment.objects.get()
    assert attachment.original_name == name
    assert attachment.report.organization == world.front
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.content_type == content_type
    # Stored through the storage API under a name of ours, not the user's.
    assert default_storage.exists(attachment.file.name)
    assert name.split(".")[0] not in attachment.file.name
    client.force_login(world.bao)
    download = client.get(reverse("documents:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert body(download) == content
    assert download["Content-Type"] == content_type
    assert "attachment;" in download["Content-Disposition"]


def refused(client, world, meeting, name, content, media_root) -> str:
    client.force_login(world.khoi)
    response = client.post(files_url(meeting, world.front), {"file": files.upload(name, content)})
    assert response.status_code == 200
    assert not ReportAttachment.objects.exists()
    assert not Report.objects.exists()  # the report the upload would have started
    assert stored_files(media_root) == []
    return " ".join(response.context["form"].errors["file"])


def test_a_file_over_the_limit_is_refused(client, world, meeting, settings, media_root):
    settings.MAX_UPLOAD_MB = 1
    big = files.PDF + b"0" * (1024 * 1024 + 1)
    message = refused(client, world, meeting, "Báo cáo.pdf", big, media_root)
    assert message == "Tệp “Báo cáo.pdf” có dung lượng 1,0 MB; chỉ nhận tệp không quá 1 MB."


@pytest.mark.parametrize("program", [files.EXE, files.ELF])
def test_a_program_renamed_to_pdf_is_refused(client, world, meeting, media_root, program):
    message = refused(client, world, meeting, "Báo cáo.pdf", program, media_root)
    assert "không phải là tệp PDF như tên tệp cho biết" in message


def test_a_zip_renamed_to_docx_is_refused(client, world, meeting, media_root):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.txt", "x")
    message = refused(client, world, meeting, "Báo cáo.docx", buffer.getvalue(), media_root)
    assert "không phải là tệp Word (.docx)" in message


def test_a_spreadsheet_that_unpacks_to_gigabytes_is_refused(client, world, meeting, media_root):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            for _chunk in range(210):
                part.write(b"\0" * (1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    message = refused(client, world, meeting, "Số liệu.xlsx", buffer.getvalue(), media_root)
    assert message == "Tệp “Số liệu.xlsx” khi giải nén lớn hơn 200 MB; không thể tiếp nhận."


def test_an_empty_file_is_refused(client, world, meeting, media_root):
    message = refused(client, world, meeting, "Báo cáo.pdf", b"", media_root)
    assert message == "Tệp “Báo cáo.pdf” không có nội dung."


@pytest.mark.parametrize(
    "name", ["bao<cao>.pdf", "bao|cao.pdf", "bao:cao.pdf", "bao*cao?.pdf", ".htaccess.pdf"]
)
def test_names_with_unusual_characters_are_refused(client, world, meeting, media_root, name):
    message = refused(client, world, meeting, name, files.PDF, media_root)
    assert "có ký tự không được phép" in message


@pytest.mark.parametrize("name", ["..\\..\\boot.pdf", "C:\\x\\a.pdf", "bao\x07cao.pdf"])
def test_names_with_path_separators_or_control_characters_are_refused(
    client, world, meeting, media_root, name
):
    # Django's parser would quietly shorten these; the name as sent is what is checked.
    message = refused(client, world, meeting, name, files.PDF, media_root)
    assert "có ký tự không được phép" in message


def test_a_name_with_slashes_sent_by_a_client_is_refused(client, world, meeting, media_root):
    boundary = "giaobanboundary"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="../../etc/passwd.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + files.PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )
    client.force_login(world.khoi)
    response = client.post(
        files_url(meeting, world.front),
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 200
    assert "“../../etc/passwd.pdf” có ký tự không được phép" in " ".join(
        response.context["form"].errors["file"]
    )
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    "name",
    [
        "Báo cáo quý I – 2024.pdf",
        "Kế hoạch “Dân vận khéo”.docx",
        "Báo cáo 100%.pdf",
        "BC số 12; 2024 (bản cuối).pdf",
    ],
)
def test_ordinary_office_names_are_accepted(client, world, meeting, name):
    content = files.docx() if name.endswith(".docx") else files.PDF
    client.force_login(world.khoi)
    response = client.post(files_url(meeting, world.front), {"file": files.upload(name, content)})
    assert response.status_code == 302
    assert ReportAttachment.objects.get().original_name == name


def test_other_kinds_of_file_are_refused(client, world, meeting, media_root):
    message = refused(client, world, meeting, "macro.docm", files.docx(), media_root)
    assert message == ("Chỉ nhận các loại tệp: PDF, Word (.docx), Excel (.xlsx), JPEG, PNG.")


def test_downloads_check_permissions(client, world, meeting):
    report = make_report(meeting, world.front, status="draft")
    client.force_login(world.khoi)
    client.post(files_url(meeting, world.front), {"file": files.upload("a.pdf", files.PDF)})
    attachment = report.attachments.get()
    url = reverse("documents:attachment", args=[attachment.pk])
    # Another organization's reporter does not read a draft, nor its files; nor another province.
    for user in (world.ha, world.minh):
        client.force_login(user)
        assert client.get(url).status_code == 404
    report.status = "submitted"
    report.save()
    client.force_login(world.ha)
    assert client.get(url).status_code == 200


def test_removing_a_file_is_for_those_who_may_edit_the_report(
    client, world, meeting, django_capture_on_commit_callbacks
):
    make_report(meeting, world.front, status="submitted")
    client.force_login(world.khoi)
    client.post(files_url(meeting, world.front), {"file": files.upload("a.pdf", files.PDF)})
    attachment = ReportAttachment.objects.get()
    url = reverse("documents:attachment_delete", args=[attachment.pk])
    for user in (world.ha, world.bao, world.nam, world.minh):
        client.force_login(user)
        assert client.post(url).status_code == 404, user
    assert default_storage.exists(attachment.file.name)
    client.force_login(world.khoi)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    # Removed, not deleted: archived with its file (tests/documents/test_removing_files.py).
    assert not ReportAttachment.objects.exists()
    assert ReportAttachment.all_objects.get().archived_by == world.khoi
    assert default_storage.exists(attachment.file.name)


def test_an_accepted_report_takes_files_from_staff_only(client, world, meeting):
    make_report(meeting, world.front, status="accepted")
    client.force_login(world.khoi)
    upload = {"file": files.upload("a.pdf", files.PDF)}
    assert client.post(files_url(meeting, world.front), upload).status_code == 404
    client.force_login(world.trang)
    upload = {"file": files.upload("a.pdf", files.PDF)}
    assert client.post(files_url(meeting, world.front), upload).status_code == 302


# --- the signed notice -------------------------------------------------------------------


def signed_url(meeting):
    return reverse("documents:signed_notice", args=[meeting.pk])


def test_the_signed_scan_is_stored_with_its_checksum_and_superseded_not_replaced(
    client, world, meeting
):
    conclusion = Conclusion.objects.create(
        meeting=meeting, status="issued", notice_number="45-TB/TU"
    )
    first, second = files.PDF + b"%first", files.PDF + b"%second"
    client.force_login(world.trang)
    response = client.post(signed_url(meeting), {"file": files.upload("TB 45 đã ký.pdf", first)})
    assert response.status_code == 302
    v1 = SignedNotice.objects.get()
    assert (v1.version, v1.sha256) == (1, hashlib.sha256(first).hexdigest())

    # A second version needs a reason; without one, nothing is stored.
    response = client.post(signed_url(meeting), {"file": files.upload("TB 45.pdf", second)})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert SignedNotice.objects.count() == 1

    response = client.post(
        signed_url(meeting),
        {"file": files.upload("TB 45 (bản sửa).pdf", second), "reason": "Bản quét trước bị mờ"},
    )
    assert response.status_code == 302
    versions = list(conclusion.signed_versions.order_by("version"))
    assert [(v.version, v.reason) for v in versions] == [(1, ""), (2, "Bản quét trước bị mờ")]
    assert body(client.get(reverse("documents:signed_notice_file", args=[v1.pk]))) == first
    page = client.get(signed_url(meeting)).content.decode()
    assert page.index("Phiên bản 2") < page.index("Bản ban hành") < page.index("Phiên bản 1")
    assert "Đã được thay thế" in page
    assert hashlib.sha256(second).hexdigest() in page

    # Not even the code can change or delete a stored version.
    v1.reason = "sửa"
    with pytest.raises(ImmutableVersion):
        v1.save()
    with pytest.raises(ImmutableVersion):
        v1.delete()


def test_no_signed_copy_before_the_conclusion_is_issued(client, world, meeting):
    Conclusion.objects.create(meeting=meeting, status="draft")
    client.force_login(world.trang)
    page = client.get(signed_url(meeting))
    assert "sau khi kết luận được ban hành" in page.content.decode()
    assert (
        client.post(signed_url(meeting), {"file": files.upload("a.pdf", files.PDF)}).status_code
        == 404
    )
    assert not SignedNotice.objects.exists()


def test_readers_download_the_signed_copy_but_only_staff_upload(client, world, meeting):
    Conclusion.objects.create(meeting=meeting, status="issued")
    client.force_login(world.trang)
    client.post(signed_url(meeting), {"file": files.upload("a.png", files.png())})
    version = SignedNotice.objects.get()
    for user in (world.khoi, world.bao):
        client.force_login(user)
        assert (
            client.get(reverse("documents:signed_notice_file", args=[version.pk])).status_code
            == 200
        )
        response = client.post(signed_url(meeting), {"file": files.upload("b.png", files.png())})
        assert response.status_code == 404
    assert SignedNotice.objects.count() == 1


def test_a_word_file_is_not_a_signed_scan(client, world, meeting, media_root):
    Conclusion.objects.create(meeting=meeting, status="issued")
    client.force_login(world.trang)
    response = client.post(signed_url(meeting), {"file": files.upload("a.docx", files.docx())})
    assert "Chỉ nhận các loại tệp: PDF, JPEG, PNG." in response.content.decode()
    assert stored_files(media_root) == []


def test_files_left_without_a_row_are_pruned(client, world, meeting, settings):
    import io
    import time

    from django.core.files.base import ContentFile
    from django.core.management import call_command

    client.force_login(world.khoi)
    client.post(files_url(meeting, world.front), {"file": files.upload("a.pdf", files.PDF)})
    kept = ReportAttachment.objects.get().file.name
    orphan = default_storage.save("report-files/2024/04/orphan.pdf", ContentFile(files.PDF))
    old = time.time() - 7200
    for name in (kept, orphan):
        os.utime(default_storage.path(name), (old, old))
    out = io.StringIO()
    call_command("prune_orphan_files", stdout=out)
    assert out.getvalue().splitlines() == [orphan, "Removed 1 file(s)."]
    assert default_storage.exists(kept) and not default_storage.exists(orphan)


def test_deleting_a_report_deletes_its_files(
    client, world, meeting, django_capture_on_commit_callbacks
):
    client.force_login(world.khoi)
    client.post(files_url(meeting, world.front), {"file": files.upload("a.pdf", files.PDF)})
    name = ReportAttachment.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        Report.objects.all().delete()
    assert not default_storage.exists(name)
