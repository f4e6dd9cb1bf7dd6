"""The conclusion notice (.docx): opened back with python-docx and read as a user would."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from docx.shared import Pt

from accounts.models import SecurityEvent
from documents.models import DocumentProfile
from meetings.models import Attendance, Conclusion, Directive
from tracking.models import DirectiveAssignment

pytestmark = pytest.mark.django_db

DIRECTIVES = [
    "Tổ chức thành công Đại hội đại biểu MTTQ Việt Nam tỉnh lần thứ XVII, nhiệm kỳ 2024 – 2029.",
    "Đẩy mạnh cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”.",
    "Ban Dân vận Tỉnh ủy tổng hợp kiến nghị, đề xuất để báo cáo Thường trực Tỉnh ủy.",
]


def make_conclusion(meeting, world, *, texts=DIRECTIVES, status="issued", issued_on=None):
    conclusion = Conclusion.objects.create(
        meeting=meeting,
        status=status,
        notice_number="45-TB/TU" if status == "issued" else "",
        issued_on=issued_on or (dt.date(2024, 4, 2) if status == "issued" else None),
        assessment="<p>Mặt trận và các đoàn thể đã <strong>chủ động</strong> triển khai.</p>",
        shortcomings="<ul><li>Công tác nắm tình hình nhân dân có lúc chưa kịp thời.</li></ul>",
        orientation="<p>Tập trung chuẩn bị Đại hội MTTQ các cấp.</p>",
    )
    for position, text in enumerate(texts, start=1):
        directive = Directive.objects.create(
            conclusion=conclusion,
            position=position,
            text=text,
            due_date=dt.date(2024, 6, 30),
            deadline=dt.date(2024, 6, 30),
        )
        DirectiveAssignment.objects.create(
            directive=directive, organization=world.front, is_lead=True
        )
        DirectiveAssignment.objects.create(directive=directive, organization=world.farmers)
    Attendance.objects.create(meeting=meeting, organization=world.front, present=True)
    return conclusion


def download(client, meeting):
    response = client.get(reverse("documents:notice", args=[meeting.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return Document(io.BytesIO(b"".join(response.streaming_content)))


def cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def body_texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_header_has_the_issuing_body_number_national_line_and_date(client, world, meeting):
    make_conclusion(meeting, world)
    world.lam_giang.place_name = "Lâm Giang"
    world.lam_giang.save()
    client.force_login(world.trang)
    document = download(client, meeting)
    left, right = document.tables[0].rows[0].cells
    assert cell_lines(left) == ["TỈNH ỦY LÂM GIANG", "*", "Số 45-TB/TU"]
    assert cell_lines(right) == [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Lâm Giang, ngày 02 tháng 4 năm 2024",
    ]
    issuing = left.paragraphs[0].runs[0]
    national = right.paragraphs[0].runs[0]
    assert issuing.bold and national.bold
    assert national.font.size == Pt(15)
    date_run = next(p for p in right.paragraphs if "ngày" in p.text).runs[0]
    assert date_run.italic


def test_months_one_and_two_take_a_leading_zero(client, world, meeting):
    make_conclusion(meeting, world, issued_on=dt.date(2025, 1, 5))
    client.force_login(world.trang)
    right = download(client, meeting).tables[0].rows[0].cells[1]
    assert "ngày 05 tháng 01 năm 2025" in right.paragraphs[-1].text


def test_title_body_and_every_directive_numbered_with_diacritics_intact(client, world, meeting):
    make_conclusion(meeting, world)
    client.force_login(world.trang)
    document = download(client, meeting)
    texts = body_texts(document)
    assert "THÔNG BÁO" in texts
    title = next(p for p in document.paragraphs if p.text == "THÔNG BÁO")
    assert title.runs[0].bold
    summary = texts[texts.index("THÔNG BÁO") + 1]
    assert summary.startswith("Kết luận của đồng chí Phạm Minh Đức, Phó Bí thư Thường trực")
    assert summary.endswith("quý I/2024")
    assert "1. Đánh giá kết quả trong kỳ" in texts
    assert any("đã chủ động triển khai" in t for t in texts)
    assert "- Công tác nắm tình hình nhân dân có lúc chưa kịp thời." in texts
    assert "4. Nhiệm vụ cụ thể" in texts
    numbered = [t for t in texts if t.startswith("4.") and t[2].isdigit()]
    assert len(numbered) == 3
    for index, (line, text) in enumerate(zip(numbered, DIRECTIVES, strict=True), start=1):
        # The text's own full stop moves after the note in parentheses.
        assert line.startswith(f"4.{index}. {text.removesuffix('.')} (giao ")
        assert "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang chủ trì" in line
        assert "thời hạn: ngày 30 tháng 6 năm 2024" in line
    whole = "\n".join(texts)
    assert unicodedata.is_normalized("NFC", whole)
    assert "Đại hội đại biểu MTTQ Việt Nam tỉnh lần thứ XVII" in whole


def test_page_font_and_margins_follow_the_guidance(client, world, meeting):
    make_conclusion(meeting, world)
    client.force_login(world.trang)
    document = download(client, meeting)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    assert [round(m.mm) for m in margins] == [20, 15, 20, 30]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)


def test_signer_block_and_recipients_as_configured(client, world, meeting):
    make_conclusion(meeting, world)
    DocumentProfile.objects.create(
        committee=world.lam_giang,
        signing_authority="T/L Ban Thường vụ",
        signer_title="Chánh Văn phòng",
        signer_name="Nguyễn Văn Thắng",
        recipients=(
            "Thường trực Tỉnh ủy (b/c)\nCác đồng chí Ủy viên Ban Thường vụ\nLưu Văn phòng Tỉnh ủy"
        ),
    )
    client.force_login(world.trang)
    document = download(client, meeting)
    left, right = document.tables[-1].rows[0].cells
    # The standing recipients, the organizations given directives, the archive last.
    assert cell_lines(left) == [
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy (b/c),",
        "- Các đồng chí Ủy viên Ban Thường vụ,",
        "- Ủy ban MTTQ Việt Nam tỉnh Lâm Giang,",
        "- Hội Nông dân tỉnh Lâm Giang,",
        "- Lưu Văn phòng Tỉnh ủy.",
    ]
    # Typed in lower case, printed in capitals as the guidance sets; the name as typed.
    assert cell_lines(right) == ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "Nguyễn Văn Thắng"]


def test_default_signer_block_and_recipients(client, world, meeting):
    make_conclusion(meeting, world)
    client.force_login(world.trang)
    left, right = download(client, meeting).tables[-1].rows[0].cells
    assert cell_lines(right) == ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"]
    assert cell_lines(left) == [
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy Lâm Giang (b/c),",
        "- Ủy ban MTTQ Việt Nam tỉnh Lâm Giang,",
        "- Hội Nông dân tỉnh Lâm Giang,",
        "- Lưu Văn phòng.",
    ]


def test_a_draft_says_so_and_leaves_number_and_day_blank(client, world, meeting):
    make_conclusion(meeting, world, status="draft")
    client.force_login(world.trang)
    document = download(client, meeting)
    assert document.paragraphs[0].text == "DỰ THẢO"
    left, right = document.tables[0].rows[0].cells
    assert cell_lines(left)[-1] == "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-TB/TU"
    assert "ngày \u00a0" in cell_lines(right)[-1]


def test_reporters_get_no_draft_notice(client, world, meeting):
    make_conclusion(meeting, world, status="draft")
    client.force_login(world.khoi)
    assert client.get(reverse("documents:notice", args=[meeting.pk])).status_code == 404


def test_the_export_is_logged(client, world, meeting):
    make_conclusion(meeting, world)
    client.force_login(world.bao)
    download(client, meeting)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORT)
    assert event.user == world.bao
    assert event.path == reverse("documents:notice", args=[meeting.pk])


def test_queries_do_not_grow_with_the_directives(client, world, meeting):
    from tests.factories import make_meeting

    small = make_meeting(world.lam_giang, "2024-Q2")
    make_conclusion(small, world, texts=DIRECTIVES[:1])
    make_conclusion(meeting, world, texts=[f"Nhiệm vụ số {n}" for n in range(1, 61)])
    client.force_login(world.trang)
    counts = []
    for target in (small, meeting):
        with CaptureQueriesContext(connection) as queries:
            download(client, target)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20


def test_the_intro_dates_the_meeting_in_words(client, world, meeting):
    make_conclusion(meeting, world)
    meeting.session = "afternoon"
    meeting.place = "Hội trường Tỉnh ủy"
    meeting.save()
    client.force_login(world.trang)
    texts = body_texts(download(client, meeting))
    intro = texts[texts.index("THÔNG BÁO") + 3]
    assert intro.startswith(
        "Buổi chiều ngày 19 tháng 4 năm 2024, tại Hội trường Tỉnh ủy, Thường trực Tỉnh ủy Lâm "
        "Giang tổ chức hội nghị giao ban"
    )


def test_text_pasted_with_control_characters_still_makes_a_notice(client, world, meeting):
    conclusion = make_conclusion(meeting, world, texts=["Tổng hợp\x0bkiến nghị\x01 của Mặt trận"])
    conclusion.assessment = "<p>Đánh giá\x0bchung\x1b</p>"
    conclusion.save()
    client.force_login(world.trang)
    document = download(client, meeting)
    texts = body_texts(document)
    # Word's line break pasted as text is a line break again; the rest is dropped.
    assert "Đánh giá\nchung" in texts
    assert any(t.startswith("4.1. Tổng hợp\nkiến nghị của Mặt trận") for t in texts)
