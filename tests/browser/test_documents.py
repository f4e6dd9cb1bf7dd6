"""Documents as staff use them: the notice downloaded and opened in Word's format, the
signed scan uploaded, the tracking sheet filled in offline and read back, a report's
original file attached; and pages that print on A4 without navigation."""

from __future__ import annotations

import openpyxl
from docx import Document
from playwright.sync_api import expect

from tests.documents import files
from tests.factories import make_report


def test_notice_signed_copy_and_tracking_sheet(sign_in, world, issued, tmp_path):
    world.lam_giang.place_name = "Lâm Giang"
    world.lam_giang.save()
    meeting, _directives = issued(texts=("Tổng hợp kiến nghị", "Tổ chức giám sát", "Đại hội"))
    staff = sign_in("trang")
    staff.goto(meeting.get_absolute_url())

    # The notice, as a Word file.
    with staff.expect_download() as info:
        staff.get_by_role("link", name="Thông báo (.docx)").click()
    document = Document(info.value.path())
    header = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert "Số 45-TB/TU" in header
    assert any(p.text.startswith("1.1. Nhiệm vụ Tổng hợp kiến nghị") for p in document.paragraphs)

    # The signed scan, uploaded back.
    staff.get_by_role("link", name="Bản đã ký").click()
    scan = tmp_path / "TB 45-TB-TU đã ký.pdf"
    scan.write_bytes(files.PDF)
    staff.get_by_label("Bản quét thông báo đã ký").set_input_files(str(scan))
    staff.get_by_role("button", name="Tải lên").click()
    expect(staff.locator(".alert-success")).to_contain_text("Đã lưu phiên bản 1")
    expect(staff.get_by_text("Bản ban hành", exact=True)).to_be_visible()

    # The board's sheet, filtered to the Front, filled in offline and uploaded.
    staff.goto(f"/tracking/board/?committee={world.lam_giang.pk}")
    staff.get_by_label("Đơn vị thực hiện").select_option(label=world.front.name)
    staff.get_by_role("button", name="Lọc").click()
    with staff.expect_download() as info:
        staff.get_by_role("link", name="Bảng theo dõi (.xlsx) theo bộ lọc này").click()
    exported = tmp_path / info.value.suggested_filename
    info.value.save_as(exported)
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook.active
    assert sheet.max_row == 4
    sheet["K2"] = "Đã hoàn thành"
    sheet["L2"] = "20/6/2024"
    sheet["M2"] = "Đã gửi báo cáo tổng hợp."
    filled = tmp_path / "theo-doi.xlsx"
    workbook.save(filled)
    staff.get_by_role("link", name="Cập nhật từ bảng theo dõi đã điền").click()
    staff.get_by_label("Bảng theo dõi đã điền").set_input_files(str(filled))
    staff.get_by_role("button", name="Kiểm tra và ghi nhận").click()
    expect(staff.locator(".alert-success")).to_contain_text("Đã cập nhật 1 nhiệm vụ")
    row = staff.locator("tr", has_text="Nhiệm vụ Tổng hợp kiến nghị")
    expect(row).to_contain_text("Hoàn thành đúng hạn")


def test_a_reporter_attaches_the_original_report(sign_in, world, meeting, tmp_path):
    make_report(meeting, world.front, status="draft", results="<p>Kết quả</p>")
    reporter = sign_in("khoi")
    reporter.goto(meeting.get_absolute_url())
    reporter.locator(f"#report-{world.front.pk}").get_by_role("link", name="Tệp gốc").click()
    original = tmp_path / "Báo cáo MTTQ quý I.docx"
    original.write_bytes(files.docx())
    reporter.get_by_label("Tệp gốc của báo cáo").set_input_files(str(original))
    reporter.get_by_role("button", name="Đính kèm", exact=True).click()
    expect(reporter.locator(".alert-success")).to_contain_text(
        "Đã đính kèm “Báo cáo MTTQ quý I.docx”"
    )
    with reporter.expect_download() as info:
        reporter.get_by_role("link", name="Báo cáo MTTQ quý I.docx").click()
    assert info.value.suggested_filename == "Báo cáo MTTQ quý I.docx"
    assert Document(info.value.path()).paragraphs[0].text == (
        "Báo cáo công tác Mặt trận quý I năm 2024"
    )

    # A program renamed to .pdf is refused with a message.
    fake = tmp_path / "Báo cáo.pdf"
    fake.write_bytes(files.EXE)
    reporter.get_by_label("Tệp gốc của báo cáo").set_input_files(str(fake))
    reporter.get_by_role("button", name="Đính kèm", exact=True).click()
    expect(reporter.locator(".invalid-feedback")).to_contain_text(
        "không phải là tệp PDF như tên tệp cho biết"
    )


def test_pages_print_without_navigation(sign_in, world, issued):
    meeting, _directives = issued()
    make_report(meeting, world.front, status="submitted", results="<p>Kết quả để in ra</p>")
    leader = sign_in("bao")
    leader.goto(meeting.get_absolute_url())
    expect(leader.get_by_text("Kết quả để in ra")).to_be_hidden()  # folded on screen
    leader.emulate_media(media="print")
    expect(leader.get_by_text("Kết quả để in ra")).to_be_visible()  # unfolded on paper
    for url in (meeting.get_absolute_url(), f"/tracking/dashboard/?committee={world.lam_giang.pk}"):
        leader.goto(url)
        expect(leader.locator(".app-navbar")).to_be_hidden()
        expect(leader.locator(".app-footer")).to_be_hidden()
        for button in leader.locator(".btn").all():
            expect(button).to_be_hidden()
        pdf = leader.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
