"""Importing committees and organizations: all rows checked first, errors by row and
column in Vietnamese, nothing written if any row is wrong."""

import csv
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from organizations.models import Organization, OrganizationName, PartyCommittee
from organizations.services import import_organizations
from tests.documents.files import crafted_xlsx
from tests.factories import make_user


def import_file(data, filename):
    return import_organizations(data=data, filename=filename)


HEADER = ["record", "committee", "parent", "level", "suffix", "name", "short_name", "kind",
          "order", "reports", "valid_from", "valid_until"]  # fmt: skip


def csv_file(rows, header=HEADER) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(text.getvalue().encode("utf-8-sig"))


def xlsx_file(rows, header=HEADER) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    return data


GOOD_ROWS = [
    ["committee", "Tỉnh ủy Sông Hậu", "", "province", "TU", "", "", "", "", "", "", ""],
    ["committee", "Huyện ủy Kênh Xáng", "Tỉnh ủy Sông Hậu", "huyện", "HU", "", "", "", "", "",
     "", "01/07/2025"],
    ["organization", "Tỉnh ủy Sông Hậu", "", "", "", "Ủy ban MTTQ Việt Nam tỉnh Sông Hậu",
     "MTTQ tỉnh", "front", "", "", "", ""],
    ["organization", "Tỉnh ủy Sông Hậu", "", "", "", "Ban Dân vận Tỉnh ủy", "", "party_body", "",
     "không", "", ""],
    ["organization", "Huyện ủy Kênh Xáng", "", "", "", "Hội Nông dân huyện Kênh Xáng", "",
     "Hội Nông dân", "30", "có", "1/1/2020", "2025-07-01"],
]  # fmt: skip


@pytest.mark.django_db
def test_csv_creates_committees_and_organizations():
    result = import_file(csv_file(GOOD_ROWS), "to-chuc.csv")

    assert result.errors == []
    assert (result.committees, result.organizations) == (2, 3)
    district = PartyCommittee.objects.get(name="Huyện ủy Kênh Xáng")
    assert district.parent.name == "Tỉnh ủy Sông Hậu"
    assert str(district.valid_until) == "2025-07-01"
    farmers = Organization.objects.get(name="Hội Nông dân huyện Kênh Xáng")
    assert (farmers.kind, farmers.display_order, str(farmers.valid_from)) == (
        "farmers",
        30,
        "2020-01-01",
    )
    assert not Organization.objects.get(name="Ban Dân vận Tỉnh ủy").reports_at_meetings
    assert OrganizationName.objects.count() == 3


@pytest.mark.django_db
def test_xlsx_with_vietnamese_headers_is_read_the_same():
    header = ["Bản ghi", "Cấp ủy", "Cấp trên", "Cấp", "Ký hiệu", "Tên", "Tên viết tắt", "Loại",
              "Thứ tự", "Báo cáo", "Từ ngày", "Đến ngày"]  # fmt: skip
    rows = [["cấp ủy", "Tỉnh ủy Sông Hậu", None, "tỉnh", "TU"] + [None] * 7]
    rows.append(["tổ chức", "Tỉnh ủy Sông Hậu", None, None, None, "Hội Cựu chiến binh tỉnh",
                 None, "cuu chien binh", None, None, None, None])  # fmt: skip

    result = import_file(xlsx_file(rows, header), "to-chuc.xlsx")

    assert result.errors == []
    assert Organization.objects.get().kind == "veterans"


@pytest.mark.django_db
def test_each_bad_row_is_reported_by_row_and_column_and_nothing_is_written():
    rows = [
        *GOOD_ROWS,
        ["organization", "Tỉnh ủy Sông Hậu", "", "", "", "Hội Khuyến học", "", "hội khuyến học",
         "", "", "", ""],
        ["organization", "Tỉnh ủy Sông Hậu", "", "", "", "Hội Người mù", "", "other", "", "",
         "31/02/2024", ""],
        ["organization", "Tỉnh ủy Không Có", "", "", "", "Hội Nông dân", "", "farmers", "", "",
         "", ""],
        ["organization", "Tỉnh ủy Sông Hậu", "", "", "", "Ban Dân vận Tỉnh uỷ", "", "party_body",
         "", "", "", ""],
        ["organization", "Tỉnh ủy Sông Hậu", "", "", "", "Hội Chữ thập đỏ", "", "other", "", "",
         "1/1/2025", "1/1/2024"],
    ]  # fmt: skip

    result = import_file(csv_file(rows), "to-chuc.csv")

    assert [(e.row, e.column) for e in result.errors] == [
        (7, "kind"),
        (8, "valid_from"),
        (9, "committee"),
        (10, "name"),
        (11, "valid_until"),
    ]
    messages = [e.message for e in result.errors]
    assert messages[0].startswith("Loại tổ chức “hội khuyến học” không hợp lệ")
    assert "không phải là ngày" in messages[1]
    assert "Không có cấp ủy nào tên “Tỉnh ủy Không Có”" in messages[2]
    assert "đã có tổ chức khác mang tên này" in messages[3]
    assert "Ngày kết thúc phải sau ngày bắt đầu" in messages[4]
    assert not PartyCommittee.objects.exists()
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_wrong_column_is_refused():
    result = import_file(csv_file([], header=[*HEADER, "ghi chú"]), "x.csv")

    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (1, "ghi chú", "Cột không được hỗ trợ.")
    ]


@pytest.mark.django_db
def test_unreadable_files_are_explained():
    assert (
        "không phải là tệp Excel"
        in import_file(io.BytesIO(b"not a zip"), "x.xlsx").errors[0].message
    )
    legacy = io.BytesIO(b"record,committee\ncommittee,T\xecnh \xf0y\n")  # a legacy code page
    assert "UTF-8" in import_file(legacy, "x.csv").errors[0].message


@pytest.mark.django_db
def test_five_hundred_rows_one_wrong_writes_nothing_then_all_in_few_queries(
    django_assert_max_num_queries,
):
    rows = [["committee", "Tỉnh ủy Sông Hậu", "", "province", "TU"] + [""] * 7]
    for index in range(20):
        rows.append(
            ["committee", f"Đảng ủy xã Số {index}", "Tỉnh ủy Sông Hậu", "xã", "ĐU"] + [""] * 7
        )
    for index in range(480):
        rows.append(["organization", f"Đảng ủy xã Số {index % 20}", "", "", "",
                     f"Tổ chức số {index}", "", "other", "", "", "", ""])  # fmt: skip
    wrong = [row[:] for row in rows]
    wrong[450][7] = "hội đồng hương"  # one unknown kind on row 452

    refused = import_file(csv_file(wrong), "lon.csv")
    assert [(e.row, e.column) for e in refused.errors] == [(452, "kind")]
    assert not PartyCommittee.objects.exists()

    # Bulk inserts, whatever the number of rows.
    with django_assert_max_num_queries(12):
        result = import_file(csv_file(rows), "lon.csv")

    assert result.errors == []
    assert Organization.objects.count() == 480


def rows_of_size(prefix: str, size: int) -> list[list[str]]:
    """A province, ``size`` communes below it, and one organization per commune."""
    province = f"Tỉnh ủy {prefix}"
    rows = [["committee", province, "", "province", "TU"] + [""] * 7]
    for index in range(size):
        rows.append(["committee", f"Đảng ủy xã {prefix} {index}", province, "xã", "ĐU"] + [""] * 7)
        rows.append(["organization", f"Đảng ủy xã {prefix} {index}", "", "", "",
                     f"Ủy ban MTTQ xã {prefix} {index}", "", "front", "", "", "", ""])  # fmt: skip
    return rows


@pytest.mark.django_db
def test_importing_3_and_300_rows_takes_the_same_queries(django_assert_num_queries):
    admin = make_user("quantri", "Quản trị", is_superuser=True)
    with CaptureQueriesContext(connection) as small:
        result = import_organizations(
            data=csv_file(rows_of_size("Sông Hậu", 3)), filename="nho.csv", by=admin
        )
    assert (result.errors, result.committees, result.organizations) == ([], 4, 3)

    with django_assert_num_queries(len(small.captured_queries)):
        result = import_organizations(
            data=csv_file(rows_of_size("Kênh Xáng", 300)), filename="lon.csv", by=admin
        )
    assert (result.errors, result.committees, result.organizations) == ([], 301, 300)
    commune = PartyCommittee.objects.get(name="Đảng ủy xã Kênh Xáng 299")
    assert commune.parent.name == "Tỉnh ủy Kênh Xáng"
    # Each created with its history (who imported it, its parent) and its first name.
    assert commune.history.get().parent_id == commune.parent_id
    assert commune.history.get().history_user == admin
    assert OrganizationName.objects.filter(name="Ủy ban MTTQ xã Kênh Xáng 299").exists()


@pytest.mark.django_db
def test_command_reports_errors_and_imports_nothing(tmp_path, capsys):
    path = tmp_path / "sai.csv"
    path.write_bytes(
        csv_file([["organization", "Tỉnh ủy X", "", "", "", "", "", "", "", "", "", ""]]).getvalue()
    )

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_organizations", str(path))
    assert "row 2, committee" in capsys.readouterr().err

    good = tmp_path / "dung.csv"
    good.write_bytes(csv_file(GOOD_ROWS).getvalue())
    call_command("import_organizations", str(good))
    assert Organization.objects.count() == 3


# --- workbooks that would hold a server worker: refused before they are read ---------------


@pytest.mark.parametrize(
    "crafted, message",
    [
        ({"strings": 2_000_000}, "Tệp có quá nhiều chuỗi ký tự khác nhau (tối đa 200.000)."),
        ({"rows": 40_000}, "Tệp có quá nhiều dòng (tối đa 30.000)."),
        ({"padding": 60 * 1024 * 1024}, "Tệp quá lớn khi giải nén (tối đa 50 MB)."),
        ({"rows": 10, "sheet_end": "<row><c><v>1</v></row>"}, "không phải là tệp Excel"),
    ],
    ids=["shared-strings", "rows", "unpacked", "malformed"],
)
@pytest.mark.django_db
def test_a_workbook_beyond_the_limits_is_refused_within_two_seconds(crafted, message):
    content = crafted_xlsx(HEADER, **crafted)

    started = time.perf_counter()
    result = import_file(io.BytesIO(content), "to-chuc.xlsx")
    elapsed = time.perf_counter() - started

    assert [(e.row, e.column) for e in result.errors] == [(0, "")]
    assert message in result.errors[0].message
    assert elapsed < 2, f"refused after {elapsed:.2f} s"
    assert not PartyCommittee.objects.exists()


@pytest.mark.django_db
def test_the_admin_page_refuses_a_workbook_of_millions_of_strings(client):
    client.force_login(make_user("root", "Quản trị viên", is_superuser=True, is_staff=True))
    content = crafted_xlsx(HEADER, strings=2_000_000)

    started = time.perf_counter()
    response = client.post(
        reverse("admin:organizations_import"),
        {"file": SimpleUploadedFile("to-chuc.xlsx", content)},
    )
    elapsed = time.perf_counter() - started

    assert "Tệp có quá nhiều chuỗi ký tự khác nhau (tối đa 200.000)." in response.content.decode()
    assert elapsed < 2, f"refused after {elapsed:.2f} s"
    assert not PartyCommittee.objects.exists()
