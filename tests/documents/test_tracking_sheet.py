"""The directive tracking sheet: exported from the board with its filter, filled in
offline and read back (every row checked first, nothing written if any is wrong)."""

from __future__ import annotations

import datetime as dt
import io
import time

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Directive
from tests.documents import files
from tracking.models import DirectiveAssignment, Progress, ProgressUpdate

pytestmark = pytest.mark.django_db

COLUMNS = [
    "Mã (không sửa)",
    "STT",
    "Kỳ giao",
    "Thông báo số",
    "Nhiệm vụ",
    "Đơn vị thực hiện",
    "Vai trò",
    "Thời hạn",
    "Trạng thái",
    "Cập nhật gần nhất",
    "Tiến độ mới",
    "Ngày hoàn thành",
    "Ghi chú",
]


def export(client, world, **query):
    url = reverse("documents:board_sheet")
    response = client.get(url, {"committee": world.lam_giang.pk, **query})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="theo-doi-nhiem-vu-')
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows_of(sheet) -> list[dict]:
    header = [c.value for c in sheet[1]]
    return [
        dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


def upload(client, world, workbook, name="theo-doi.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return client.post(
        f"{reverse('documents:board_upload')}?committee={world.lam_giang.pk}",
        {"file": files.upload(name, buffer.getvalue())},
    )


def test_export_has_one_row_per_part_a_frozen_header_filters_and_fitting_widths(
    client, world, issued
):
    issued(texts=("Tổ chức Đại hội MTTQ tỉnh", "Sơ kết cuộc vận động", "Kiện toàn cán bộ"))
    client.force_login(world.trang)
    sheet = export(client, world).active
    assert [c.value for c in sheet[1]] == COLUMNS
    rows = rows_of(sheet)
    assert [r["Nhiệm vụ"] for r in rows] == [
        "Nhiệm vụ Tổ chức Đại hội MTTQ tỉnh",
        "Nhiệm vụ Sơ kết cuộc vận động",
        "Nhiệm vụ Kiện toàn cán bộ",
    ]
    first = rows[0]
    assert first["Đơn vị thực hiện"] == "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang"
    assert first["Vai trò"] == "chủ trì"
    assert first["Thông báo số"] == "45-TB/TU"
    assert first["Kỳ giao"] == "Quý I/2024"
    assert first["Thời hạn"].date() == dt.date(2024, 6, 30)
    assert first["Trạng thái"] == "Quá hạn chưa hoàn thành"
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:M4"
    assert sheet.column_dimensions["E"].width >= 50  # the directive's text
    assert sheet.column_dimensions["A"].width <= 12
    assert sheet["H2"].number_format == "dd/mm/yyyy"


def test_export_keeps_the_board_filter(client, world, issued):
    _meeting, directives = issued()
    DirectiveAssignment.objects.filter(directive=directives[0]).update(
        progress=Progress.DONE, completed_on=dt.date(2024, 6, 1)
    )
    client.force_login(world.trang)
    rows = rows_of(export(client, world, status="done_on_time").active)
    assert [r["Nhiệm vụ"] for r in rows] == ["Nhiệm vụ Một"]
    rows = rows_of(export(client, world, q="Hai").active)
    assert [r["Nhiệm vụ"] for r in rows] == ["Nhiệm vụ Hai"]


def test_filled_in_sheet_updates_the_directives(client, world, issued):
    _meeting, directives = issued()
    client.force_login(world.trang)
    workbook = export(client, world)
    sheet = workbook.active
    sheet["K2"] = "Đã hoàn thành"
    sheet["L2"] = dt.date(2024, 6, 20)
    sheet["M2"] = "Đã tổ chức hội nghị sơ kết."
    sheet["K3"] = "dang thuc hien"  # typed without diacritics
    sheet["M3"] = "Đang xây dựng kế hoạch."
    response = upload(client, world, workbook)
    assert response.status_code == 302
    parts = {p.directive_id: p for p in DirectiveAssignment.objects.all()}
    assert parts[directives[0].pk].progress == Progress.DONE
    assert parts[directives[0].pk].completed_on == dt.date(2024, 6, 20)
    assert parts[directives[1].pk].progress == Progress.IN_PROGRESS
    assert parts[directives[2].pk].progress == Progress.NONE
    notes = sorted(ProgressUpdate.objects.values_list("note", "on_behalf", "entered_by"))
    assert notes == [
        ("Đang xây dựng kế hoạch.", True, world.trang.pk),
        ("Đã tổ chức hội nghị sơ kết.", True, world.trang.pk),
    ]
    board = client.get(response["Location"])
    assert "Đã cập nhật 2 nhiệm vụ từ bảng theo dõi." in board.content.decode()


def test_one_wrong_row_writes_nothing_and_each_error_names_its_row(client, world, issued):
    issued()
    client.force_login(world.trang)
    workbook = export(client, world)
    sheet = workbook.active
    sheet["K2"] = "Đã hoàn thành"
    sheet["K3"] = "Sắp xong"
    sheet["K4"] = "Đã hoàn thành"
    sheet["L4"] = "31/12/2999"
    response = upload(client, world, workbook)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chưa ghi nhận nội dung nào" in page
    errors = response.context["result"].errors
    assert [(e.row, e.message) for e in errors] == [
        (3, "“Sắp xong” không phải là tiến độ: ghi “Đang thực hiện” hoặc “Đã hoàn thành”."),
        (4, "Ngày hoàn thành không được sau ngày hôm nay."),
    ]
    assert not ProgressUpdate.objects.exists()
    assert not DirectiveAssignment.objects.exclude(progress=Progress.NONE).exists()


def test_codes_that_are_not_the_users_are_refused(client, world, issued):
    _meeting, directives = issued()
    farmers_part = DirectiveAssignment.objects.create(
        directive=directives[0], organization=world.farmers
    )
    client.force_login(world.khoi)  # reports for the Front, not the Farmers' Association
    workbook = export(client, world)
    sheet = workbook.active
    row = next(r for r in range(2, sheet.max_row + 1) if sheet[f"A{r}"].value == farmers_part.pk)
    sheet[f"K{row}"] = "Đã hoàn thành"
    sheet[f"K{row + 1 if row == 2 else 2}"] = "Đang thực hiện"
    sheet["A10"] = 999999
    sheet["K10"] = "Đã hoàn thành"
    response = upload(client, world, workbook)
    errors = {e.row: e.message for e in response.context["result"].errors}
    assert errors == {
        row: f"Không có nhiệm vụ mã {farmers_part.pk} mà đồng chí được cập nhật.",
        10: "Không có nhiệm vụ mã 999999 mà đồng chí được cập nhật.",
    }
    assert not ProgressUpdate.objects.exists()


def test_a_reporter_records_for_their_own_organization(client, world, issued):
    issued()
    client.force_login(world.khoi)
    workbook = export(client, world)
    workbook.active["K2"] = "Đang thực hiện"
    assert upload(client, world, workbook).status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.entered_by, update.on_behalf) == (world.khoi, False)


def test_other_files_are_refused(client, world, issued):
    issued()
    client.force_login(world.trang)
    url = f"{reverse('documents:board_upload')}?committee={world.lam_giang.pk}"
    renamed = client.post(url, {"file": files.upload("theo-doi.xlsx", files.docx())})
    assert "không phải là tệp Excel (.xlsx)" in renamed.content.decode()
    other = client.post(url, {"file": files.upload("so-lieu.xlsx", files.xlsx())})
    assert "Đây không phải bảng theo dõi tải từ hệ thống" in other.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_reading_back_takes_the_same_queries_for_3_and_30_rows(client, world, issued):
    client.force_login(world.trang)
    counts = []
    for period, size in (("2023-Q1", 3), ("2023-Q2", 30)):
        issued(period=period, texts=[f"Việc {n}" for n in range(size)])
        workbook = export(client, world, origin=period.replace("Q", "Q"))
        sheet = workbook.active
        for row in range(2, sheet.max_row + 1):
            sheet[f"K{row}"] = "Đang thực hiện"
        with CaptureQueriesContext(connection) as queries:
            assert upload(client, world, workbook).status_code == 302
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_text_that_looks_like_a_formula_stays_text(client, world, issued):
    _meeting, directives = issued(texts=("Một",))
    formula = '=HYPERLINK("http://example.com","Bấm")'
    Directive.objects.filter(pk=directives[0].pk).update(text=formula)
    client.force_login(world.trang)
    cell = export(client, world).active["E2"]
    assert cell.data_type == "s"
    assert cell.value == formula


def test_control_characters_in_a_directive_do_not_break_the_export(client, world, issued):
    _meeting, directives = issued(texts=("Một",))
    Directive.objects.filter(pk=directives[0].pk).update(text="Tổng hợp\x01 kiến nghị\x1b")
    client.force_login(world.trang)
    assert export(client, world).active["E2"].value == "Tổng hợp kiến nghị"


def test_the_same_sheet_uploaded_twice_records_once(client, world, issued):
    issued()
    client.force_login(world.trang)
    workbook = export(client, world)
    workbook.active["K2"] = "Đã hoàn thành"
    workbook.active["L2"] = dt.date(2024, 6, 20)
    workbook.active["M2"] = "Đã gửi báo cáo."
    assert upload(client, world, workbook).status_code == 302
    again = upload(client, world, workbook)
    assert again.status_code == 200
    assert "Không có dòng nào của bảng có nội dung mới để ghi nhận." in again.content.decode()
    assert ProgressUpdate.objects.count() == 1


# --- sheets that would hold a server worker: refused before they are read ------------------

MALFORMED_END = "<row><c><v>1</v></row></sheetData></worksheet>"  # a <c> never closed
NOT_A_WORKBOOK = files.zipped(
    {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "Đây không phải sổ tính."}
)


@pytest.mark.parametrize(
    "crafted, message",
    [
        (  # 2.3 MB uploaded, 35 MB unpacked
            {"strings": 2_000_000},
            "Tệp có quá nhiều chuỗi ký tự khác nhau (tối đa 200.000).",
        ),
        ({"rows": 40_000}, "Tệp có quá nhiều dòng (tối đa 30.000)."),
        ({"rows": 25_000, "width": 20}, "Tệp có quá nhiều ô dữ liệu (tối đa 400.000)."),
        ({"padding": 60 * 1024 * 1024}, "Tệp quá lớn khi giải nén (tối đa 50 MB)."),
        ({"padding": 5 * 1024 * 1024}, "Tệp có tỷ lệ nén bất thường (trên 100 lần)"),
        ({"rows": 10, "sheet_end": MALFORMED_END}, "Tệp không phải là tệp Excel (.xlsx) đọc được."),
        (None, "Tệp không phải là tệp Excel (.xlsx) đọc được."),
    ],
    ids=["shared-strings", "rows", "cells", "unpacked", "ratio", "malformed", "not-a-workbook"],
)
def test_a_sheet_beyond_the_limits_is_refused_within_two_seconds(
    client, world, issued, crafted, message
):
    issued()
    client.force_login(world.trang)
    content = NOT_A_WORKBOOK if crafted is None else files.crafted_xlsx(COLUMNS, **crafted)
    url = f"{reverse('documents:board_upload')}?committee={world.lam_giang.pk}"
    started = time.perf_counter()
    response = client.post(url, {"file": files.upload("theo-doi.xlsx", content)})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert message in response.content.decode()
    assert elapsed < 2, f"refused after {elapsed:.2f} s"
    assert not ProgressUpdate.objects.exists()
    assert not DirectiveAssignment.objects.exclude(progress=Progress.NONE).exists()
