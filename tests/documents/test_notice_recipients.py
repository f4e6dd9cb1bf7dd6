"""The conclusion notice right (issue 17, point 7): "Nơi nhận" from the assignees, the
committee's standing recipients and the office's archive; "Dự hội nghị" from who was
present, with the other attendees; the meeting's own title; the assignee wording fits who
was assigned. Opened back with python-docx; one notice also printed through LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from docx import Document

from documents.models import DocumentProfile
from documents.notice import build_notice
from meetings.models import Attendance, Conclusion, Directive
from tests.documents.test_notice import body_texts, cell_lines, download
from tests.factories import make_organization
from tracking.models import DirectiveAssignment

pytestmark = pytest.mark.django_db

COLLECTIVE = "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội"


def conclusion_of(meeting) -> Conclusion:
    return Conclusion.objects.create(
        meeting=meeting,
        status="issued",
        notice_number="45-TB/TU",
        issued_on=dt.date(2024, 4, 22),
        orientation="<p>Tiếp tục đổi mới nội dung, phương thức hoạt động.</p>",
    )


def give(conclusion, text, *, lead=None, others=(), to_all=False, group=""):
    directive = Directive.objects.create(
        conclusion=conclusion,
        position=conclusion.directives.count() + 1,
        text=text,
        to_all_organizations=to_all,
        group_name=group,
    )
    if lead is not None:
        DirectiveAssignment.objects.create(directive=directive, organization=lead, is_lead=True)
    for organization in others:
        DirectiveAssignment.objects.create(directive=directive, organization=organization)
    return directive


def notice(meeting):
    return Document(io.BytesIO(build_notice(meeting)))


def recipients(document) -> list[str]:
    return cell_lines(document.tables[-1].rows[0].cells[0])


def directive_line(document, start: str) -> str:
    return next(t for t in body_texts(document) if start in t)


@pytest.fixture
def women(world):
    return make_organization(world.lam_giang, "Hội Liên hiệp Phụ nữ tỉnh Lâm Giang", kind="women")


def test_it_sends_the_notice_to_every_assignee_and_the_standing_recipients(
    world, meeting, dan_van, women
):
    conclusion = conclusion_of(meeting)
    give(conclusion, "Tổng hợp kiến nghị.", lead=dan_van)
    give(conclusion, "Vận động hội viên.", lead=world.farmers, others=[world.front])
    # Present but given nothing: at the meeting, not among the recipients.
    Attendance.objects.create(meeting=meeting, organization=women, present=True)
    DocumentProfile.objects.create(
        committee=world.lam_giang,
        recipients="Thường trực Tỉnh ủy (b/c)\nCác đồng chí Ủy viên Ban Thường vụ Tỉnh ủy",
    )

    assert recipients(notice(meeting)) == [
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy (b/c),",
        "- Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy,",
        "- Ủy ban MTTQ Việt Nam tỉnh Lâm Giang,",
        "- Hội Nông dân tỉnh Lâm Giang,",
        "- Ban Dân vận Tỉnh ủy,",
        "- Lưu Văn phòng.",
    ]


def test_a_standing_archive_line_goes_last_and_a_named_assignee_is_not_repeated(
    world, meeting, dan_van
):
    conclusion = conclusion_of(meeting)
    give(conclusion, "Tổng hợp kiến nghị.", lead=dan_van, others=[world.front])
    DocumentProfile.objects.create(
        committee=world.lam_giang,
        recipients="- Thường trực Tỉnh ủy (b/c),\n- Lưu Văn phòng Tỉnh ủy.\n- Ban Dân vận Tỉnh uỷ,",
    )

    assert recipients(notice(meeting)) == [
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy (b/c),",
        "- Ban Dân vận Tỉnh uỷ,",
        "- Ủy ban MTTQ Việt Nam tỉnh Lâm Giang,",
        "- Lưu Văn phòng Tỉnh ủy.",
    ]


def test_without_directives_the_notice_goes_to_those_present(world, meeting, women):
    conclusion_of(meeting)
    Attendance.objects.create(meeting=meeting, organization=world.front, present=True)
    Attendance.objects.create(meeting=meeting, organization=women, present=False)

    assert recipients(notice(meeting)) == [
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy Lâm Giang (b/c),",
        "- Ủy ban MTTQ Việt Nam tỉnh Lâm Giang,",
        "- Lưu Văn phòng.",
    ]


def test_those_present_and_the_other_attendees_attend(world, meeting, dan_van, women):
    conclusion = conclusion_of(meeting)
    give(conclusion, "Tổng hợp kiến nghị.", lead=dan_van)
    Attendance.objects.create(meeting=meeting, organization=world.front, present=True)
    Attendance.objects.create(meeting=meeting, organization=world.farmers, present=True)
    Attendance.objects.create(meeting=meeting, organization=women, present=False)
    meeting.other_attendees = (
        "đồng chí Hồ Thị Thu Hằng, UVBTV, Trưởng Ban Tổ chức Tỉnh ủy\n\n"
        "đại diện lãnh đạo Văn phòng Tỉnh ủy\n"
    )
    meeting.save()

    texts = body_texts(notice(meeting))

    attending = next(t for t in texts if "Dự hội nghị" in t)
    assert "Dự hội nghị có đại diện lãnh đạo: Ủy ban MTTQ Việt Nam tỉnh Lâm Giang, Hội Nông " in (
        attending
    )
    assert "Phụ nữ" not in attending
    assert attending.endswith(
        "Thành phần khác: đồng chí Hồ Thị Thu Hằng, UVBTV, Trưởng Ban Tổ chức Tỉnh ủy; "
        "đại diện lãnh đạo Văn phòng Tỉnh ủy."
    )


def test_other_attendees_are_named_without_a_chair_or_organizations(world, meeting):
    conclusion_of(meeting)
    meeting.chair_name = ""
    meeting.other_attendees = "đại diện lãnh đạo các ban đảng Tỉnh ủy"
    meeting.save()

    texts = body_texts(notice(meeting))

    assert "Thành phần khác: đại diện lãnh đạo các ban đảng Tỉnh ủy." in texts


def test_the_meetings_own_title_replaces_the_usual_wording(world, meeting):
    conclusion_of(meeting)
    meeting.title = (
        "Hội nghị giao ban công tác xây dựng Đảng và công tác Mặt trận, các đoàn thể "
        "chính trị - xã hội quý I năm 2024"
    )
    meeting.save()

    texts = body_texts(notice(meeting))

    summary = texts[texts.index("THÔNG BÁO") + 1]
    assert summary == (
        "Kết luận của đồng chí Phạm Minh Đức, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND "
        "tỉnh tại Hội nghị giao ban công tác xây dựng Đảng và công tác Mặt trận, các đoàn thể "
        "chính trị - xã hội quý I năm 2024"
    )
    intro = texts[texts.index("THÔNG BÁO") + 3]
    assert intro == (
        "Ngày 19 tháng 4 năm 2024, Thường trực Tỉnh ủy Lâm Giang tổ chức Hội nghị giao ban "
        "công tác xây dựng Đảng và công tác Mặt trận, các đoàn thể chính trị - xã hội quý I "
        "năm 2024."
    )
    assert not any("công tác dân vận" in t for t in texts)


def test_the_front_and_the_organizations_are_named_together_only_when_exactly_those(
    world, meeting, dan_van
):
    conclusion = conclusion_of(meeting)
    give(conclusion, "Một.", others=[world.front, world.farmers], to_all=True)
    give(conclusion, "Hai.", others=[world.front, world.farmers, dan_van], to_all=True)
    give(conclusion, "Ba.", lead=dan_van, others=[world.front, world.farmers])
    give(conclusion, "Bốn.", lead=world.front)
    give(conclusion, "Năm.", lead=world.front, others=[world.farmers], to_all=True)

    document = notice(meeting)

    assert directive_line(document, "Một (").endswith(f"(giao {COLLECTIVE}).")
    assert directive_line(document, "Hai (").endswith(
        "(giao Mặt trận Tổ quốc, các tổ chức chính trị - xã hội và Ban Dân vận Tỉnh ủy)."
    )
    assert directive_line(document, "Ba (").endswith(
        f"(giao Ban Dân vận Tỉnh ủy chủ trì, phối hợp với {COLLECTIVE})."
    )
    assert directive_line(document, "Bốn (").endswith("(giao Ủy ban MTTQ Việt Nam tỉnh Lâm Giang).")
    assert directive_line(document, "Năm (").endswith(
        "(giao Ủy ban MTTQ Việt Nam tỉnh Lâm Giang chủ trì, phối hợp với các tổ chức chính trị "
        "- xã hội)."
    )


def test_some_organizations_are_named_one_by_one(world, meeting, women):
    conclusion = conclusion_of(meeting)
    give(conclusion, "Một.", lead=world.farmers, others=[women])

    assert directive_line(notice(meeting), "Một (").endswith(
        "(giao Hội Nông dân tỉnh Lâm Giang chủ trì, phối hợp với Hội Liên hiệp Phụ nữ tỉnh "
        "Lâm Giang)."
    )


def test_a_named_group_is_worded_as_the_conclusion_says_it(world, meeting, dan_van):
    conclusion = conclusion_of(meeting)
    give(
        conclusion,
        "Triển khai thực hiện Kết luận số 121-KL/TW.",
        lead=dan_van,
        others=[world.front, world.farmers],
        group="các cơ quan, đơn vị",
    )
    give(conclusion, "Rà soát.", others=[world.front], group="các ban, ngành, đoàn thể tỉnh")

    document = notice(meeting)

    assert directive_line(document, "121-KL/TW").endswith(
        "(giao các cơ quan, đơn vị thực hiện; Ban Dân vận Tỉnh ủy tổng hợp, báo cáo)."
    )
    assert directive_line(document, "Rà soát (").endswith("(giao các ban, ngành, đoàn thể tỉnh).")
    assert "- Ban Dân vận Tỉnh ủy," in recipients(document)


@pytest.mark.skipif(
    not (shutil.which("libreoffice") and shutil.which("pdftoppm")),
    reason="LibreOffice and poppler-utils print the notice",
)
def test_the_notice_prints_through_libreoffice(client, world, meeting, dan_van, tmp_path):
    meeting.title = "Hội nghị giao ban công tác xây dựng Đảng và công tác Mặt trận quý I năm 2024"
    meeting.other_attendees = "đồng chí Hồ Thị Thu Hằng, UVBTV, Trưởng Ban Tổ chức Tỉnh ủy"
    meeting.save()
    conclusion = conclusion_of(meeting)
    give(
        conclusion,
        "Triển khai thực hiện Kết luận số 121-KL/TW.",
        lead=dan_van,
        others=[world.front, world.farmers],
        group="các cơ quan, đơn vị",
    )
    give(
        conclusion, "Chuẩn bị Đại hội MTTQ tỉnh.", others=[world.front, world.farmers], to_all=True
    )
    Attendance.objects.create(meeting=meeting, organization=world.front, present=True)
    DocumentProfile.objects.create(
        committee=world.lam_giang, recipients="Thường trực Tỉnh ủy (b/c)"
    )
    client.force_login(world.trang)
    source = tmp_path / "thong-bao.docx"
    download(client, meeting).save(source)

    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "thong-bao.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages and pages[0].stat().st_size > 10_000
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "THÔNG BÁO",
        "Hội nghị giao ban công tác xây dựng Đảng",
        "tổng hợp, báo cáo",
        "Nơi nhận:",
        "Lưu Văn phòng.",
    ):
        assert expected in text, text
