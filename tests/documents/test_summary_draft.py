"""The compiled draft of a meeting's summary report (.docx): opened back with python-docx
and read as the staff who edit it would."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from docx.shared import Pt

from accounts.models import SecurityEvent
from meetings.models import Conclusion, Directive, Proposal
from tests.factories import make_meeting, make_organization, make_report, record_progress
from tracking import services as tracking_services
from tracking.models import DirectiveAssignment
from tracking.services import Change

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def download(client, meeting):
    response = client.get(reverse("documents:summary_draft", args=[meeting.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response, Document(io.BytesIO(b"".join(response.streaming_content)))


def texts_of(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def between(texts: list[str], start: str, end: str | None) -> list[str]:
    first = texts.index(start)
    return texts[first + 1 : texts.index(end) if end else None]


SECTIONS = [
    "I. KẾT QUẢ ĐẠT ĐƯỢC",
    "II. TỒN TẠI, HẠN CHẾ",
    "III. KHÓ KHĂN, VƯỚNG MẮC",
    "IV. KIẾN NGHỊ, ĐỀ XUẤT",
    "V. KẾT QUẢ THỰC HIỆN KẾT LUẬN KỲ TRƯỚC",
    "VI. NHIỆM VỤ TRỌNG TÂM QUÝ II/2024",
]


def previous_conclusion(world, *, done_front=True):
    """Quý IV/2023, concluded by notice 38-TB/TU of 25/1/2024: one directive given to the
    Front (lead) and the Farmers' Association, one to the Farmers' Association alone."""
    previous = make_meeting(world.lam_giang, "2023-Q4", held_on=dt.date(2024, 1, 20))
    conclusion = Conclusion.objects.create(
        meeting=previous,
        status="issued",
        notice_number="38-TB/TU",
        issued_on=dt.date(2024, 1, 25),
    )
    congress = Directive.objects.create(
        conclusion=conclusion,
        position=1,
        text="Chuẩn bị tốt các điều kiện tổ chức Đại hội đại biểu MTTQ Việt Nam tỉnh lần thứ XI.",
        due_date=dt.date(2024, 3, 31),
        deadline=dt.date(2024, 3, 31),
    )
    flood = Directive.objects.create(
        conclusion=conclusion,
        position=2,
        text="Vận động hội viên khắc phục hậu quả lũ lụt.",
        due_date=dt.date(2024, 3, 15),
        deadline=dt.date(2024, 3, 15),
    )
    parts = {
        "congress_front": DirectiveAssignment.objects.create(
            directive=congress, organization=world.front, is_lead=True
        ),
        "congress_farmers": DirectiveAssignment.objects.create(
            directive=congress, organization=world.farmers
        ),
        "flood_farmers": DirectiveAssignment.objects.create(
            directive=flood, organization=world.farmers, is_lead=True
        ),
    }
    record_progress(
        assignment=parts["congress_front"],
        progress="done",
        completed_on=dt.date(2024, 3, 20),
        note="Đã ban hành kế hoạch tổ chức Đại hội.",
        by=world.trang,
    )
    record_progress(
        assignment=parts["congress_farmers"],
        progress="done",
        completed_on=dt.date(2024, 4, 2),
        by=world.trang,
    )
    record_progress(
        assignment=parts["flood_farmers"],
        progress="in_progress",
        note="Đang vận động tại 3 huyện.",
        by=world.trang,
    )
    return conclusion


def test_it_compiles_the_sent_reports_in_the_usual_sections_and_order(client, world, meeting):
    # Created first but listed after the Front: organizations follow their display order.
    women = make_organization(world.lam_giang, "Hội Liên hiệp Phụ nữ tỉnh", kind="women")
    women.display_order = 50
    women.save(update_fields=["display_order"])
    world.front.display_order, world.farmers.display_order = 10, 20
    world.front.save(update_fields=["display_order"])
    world.farmers.save(update_fields=["display_order"])
    make_report(
        meeting,
        women,
        status="submitted",
        results="<p>Tổ chức 120 lớp tập huấn cho hội viên.</p>",
        next_tasks="<p>Hướng dẫn Đại hội Phụ nữ cấp cơ sở.</p>",
    )
    front = make_report(
        meeting,
        world.front,
        status="accepted",
        results=(
            "<p>Triển khai Công văn số 4934-CV/TU về danh mục nhiệm vụ năm 2024.</p>"
            "<ul><li>Vận động <strong>Quỹ Vì người nghèo</strong> được 12 tỷ đồng.</li></ul>"
        ),
        shortcomings="<p>Công tác nắm tình hình Nhân dân có lúc chưa kịp thời.</p>",
        difficulties="<p>Kinh phí hoạt động ở cơ sở còn hạn hẹp.</p>",
        next_tasks="<p>Chuẩn bị Đại hội đại biểu MTTQ Việt Nam tỉnh lần thứ XI.</p>",
    )
    farmers = make_report(
        meeting,
        world.farmers,
        status="submitted",
        results="<p>Hỗ trợ nông dân vay vốn sản xuất.</p>",
        difficulties="<p>Giá vật tư nông nghiệp tăng cao.</p>",
    )
    Proposal.objects.create(
        report=front,
        position=1,
        text="Đề nghị bố trí kinh phí tổ chức Đại hội MTTQ các cấp.",
        addressed_to="Thường trực Tỉnh ủy",
    )
    Proposal.objects.create(report=farmers, position=1, text="Đề nghị hỗ trợ giống lúa.")
    client.force_login(world.trang)
    _response, document = download(client, meeting)
    texts = texts_of(document)

    assert texts[texts.index("BÁO CÁO") + 1] == (
        "Tổng hợp tình hình, kết quả hoạt động của Mặt trận Tổ quốc và các tổ chức chính trị - "
        "xã hội quý I/2024"
    )
    assert [t for t in texts if t in SECTIONS] == SECTIONS
    assert "Đã nhận được báo cáo của 3/3 cơ quan, tổ chức." in texts
    assert between(texts, SECTIONS[0], SECTIONS[1]) == [
        "1. Ủy ban MTTQ Việt Nam tỉnh Lâm Giang",
        "Triển khai Công văn số 4934-CV/TU về danh mục nhiệm vụ năm 2024.",
        "- Vận động Quỹ Vì người nghèo được 12 tỷ đồng.",
        "2. Hội Nông dân tỉnh Lâm Giang",
        "Hỗ trợ nông dân vay vốn sản xuất.",
        "3. Hội Liên hiệp Phụ nữ tỉnh",
        "Tổ chức 120 lớp tập huấn cho hội viên.",
    ]
    assert between(texts, SECTIONS[1], SECTIONS[2]) == [
        "- Ủy ban MTTQ Việt Nam tỉnh Lâm Giang:",
        "Công tác nắm tình hình Nhân dân có lúc chưa kịp thời.",
    ]
    assert between(texts, SECTIONS[2], SECTIONS[3]) == [
        "- Ủy ban MTTQ Việt Nam tỉnh Lâm Giang:",
        "Kinh phí hoạt động ở cơ sở còn hạn hẹp.",
        "- Hội Nông dân tỉnh Lâm Giang:",
        "Giá vật tư nông nghiệp tăng cao.",
    ]
    assert between(texts, SECTIONS[3], SECTIONS[4]) == [
        "1. Ủy ban MTTQ Việt Nam tỉnh Lâm Giang",
        "- Đề nghị bố trí kinh phí tổ chức Đại hội MTTQ các cấp (gửi Thường trực Tỉnh ủy).",
        "2. Hội Nông dân tỉnh Lâm Giang",
        "- Đề nghị hỗ trợ giống lúa.",
    ]
    assert between(texts, SECTIONS[4], SECTIONS[5]) == [
        "Chưa có kết luận hội nghị giao ban kỳ trước được ban hành."
    ]
    assert between(texts, SECTIONS[5], None)[:4] == [
        "- Ủy ban MTTQ Việt Nam tỉnh Lâm Giang:",
        "Chuẩn bị Đại hội đại biểu MTTQ Việt Nam tỉnh lần thứ XI.",
        "- Hội Liên hiệp Phụ nữ tỉnh:",
        "Hướng dẫn Đại hội Phụ nữ cấp cơ sở.",
    ]
    # The bold of the rich text is kept.
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "Quỹ Vì người nghèo" in bold


def test_drafts_are_left_out_and_who_has_not_sent_is_said(client, world, meeting):
    make_report(
        meeting,
        world.front,
        status="draft",
        results="<p>Kết quả còn ở bản nháp.</p>",
        shortcomings="<p>Hạn chế còn ở bản nháp.</p>",
    )
    draft = make_report(meeting, world.farmers, status="submitted", results="<p>Đã gửi.</p>")
    Proposal.objects.create(report=draft, text="Kiến nghị đã gửi.")
    make_organization(world.lam_giang, "Hội Cựu chiến binh tỉnh", kind="veterans")
    # Not yet existing on the meeting's day: expected at no meeting before.
    make_organization(
        world.lam_giang, "Hội Liên hiệp Thanh niên tỉnh", valid_from=dt.date(2025, 1, 1)
    )
    client.force_login(world.trang)
    whole = "\n".join(texts_of(download(client, meeting)[1]))
    assert "bản nháp" not in whole
    assert "Đã gửi." in whole
    assert (
        "Đã nhận được báo cáo của 1/3 cơ quan, tổ chức. Chưa nhận được báo cáo của: "
        "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang; Hội Cựu chiến binh tỉnh."
    ) in whole
    assert "Thanh niên" not in whole
    assert "Các báo cáo đã gửi chưa nêu tồn tại, hạn chế." in whole


def test_no_report_sent_yet(client, world, meeting):
    client.force_login(world.trang)
    texts = texts_of(download(client, meeting)[1])
    assert (
        "Đã nhận được báo cáo của 0/2 cơ quan, tổ chức. Chưa nhận được báo cáo của: "
        "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang; Hội Nông dân tỉnh Lâm Giang."
    ) in texts
    assert between(texts, SECTIONS[0], SECTIONS[1]) == ["Chưa có báo cáo nào nêu kết quả đạt được."]
    assert between(texts, SECTIONS[3], SECTIONS[4]) == [
        "Các báo cáo đã gửi chưa nêu kiến nghị, đề xuất."
    ]


def test_directives_of_the_previous_conclusion_done_and_not_done(client, world, meeting):
    previous_conclusion(world)
    # A later conclusion, or one still a draft, is not the previous period's.
    later = make_meeting(world.lam_giang, "2024-Q2")
    Conclusion.objects.create(meeting=later, status="issued", notice_number="52-TB/TU")
    client.force_login(world.trang)
    texts = texts_of(download(client, meeting)[1])
    assert between(texts, SECTIONS[4], SECTIONS[5]) == [
        "Thực hiện Thông báo kết luận số 38-TB/TU ngày 25/1/2024 tại hội nghị giao ban quý "
        "IV/2023, đến ngày 19/4/2024, kết quả thực hiện các nhiệm vụ như sau:",
        "1. Nhiệm vụ đã hoàn thành (1)",
        "1.1. Chuẩn bị tốt các điều kiện tổ chức Đại hội đại biểu MTTQ Việt Nam tỉnh lần thứ XI "
        "(hạn 31/3/2024).",
        "- Ủy ban MTTQ Việt Nam tỉnh Lâm Giang (chủ trì): Hoàn thành đúng hạn, ngày 20/3/2024. "
        "Đã ban hành kế hoạch tổ chức Đại hội.",
        "- Hội Nông dân tỉnh Lâm Giang: Hoàn thành quá hạn, ngày 2/4/2024.",
        "2. Nhiệm vụ chưa hoàn thành (1)",
        "2.1. Vận động hội viên khắc phục hậu quả lũ lụt (hạn 15/3/2024).",
        "- Hội Nông dân tỉnh Lâm Giang (chủ trì): Quá hạn chưa hoàn thành. "
        "Đang vận động tại 3 huyện.",
    ]


def test_the_header_is_that_of_a_party_document_marked_draft(client, world, meeting):
    world.lam_giang.place_name = "Lâm Giang"
    world.lam_giang.save()
    client.force_login(world.trang)
    response, document = download(client, meeting)
    assert document.paragraphs[0].text == "DỰ THẢO"
    left, right = document.tables[0].rows[0].cells
    assert cell_lines(left) == [
        "TỈNH ỦY LÂM GIANG",
        "BAN DÂN VẬN",
        "*",
        "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BDVTU",
    ]
    assert cell_lines(right)[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert cell_lines(right)[-1].startswith("Lâm Giang, ngày \u00a0")
    assert cell_lines(right)[-1].endswith("năm 2024")
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size == Pt(14)
    (signer,) = [t for t in document.tables[1:] if "T/M BAN DÂN VẬN" in t.rows[0].cells[1].text]
    assert cell_lines(signer.rows[0].cells[1]) == ["T/M BAN DÂN VẬN", "TRƯỞNG BAN"]
    assert 'filename="du-thao-bao-cao-tong-hop-2024-Q1.docx"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_staff_and_leaders_get_it_others_do_not(client, world, meeting):
    expected = {
        world.trang: 200,  # staff of the committee
        world.bao: 200,  # leader
        world.khoi: 404,  # reporter of the Front: no other organization's drafts or proposals
        world.nam: 404,  # admin: manages accounts, not the meeting's content
        world.minh: 404,  # staff of another committee
    }
    for user, status in expected.items():
        client.force_login(user)
        response = client.get(reverse("documents:summary_draft", args=[meeting.pk]))
        assert response.status_code == status, user.username
    client.logout()
    response = client.get(reverse("documents:summary_draft", args=[meeting.pk]))
    assert response.status_code == 302
    client.force_login(world.trang)
    posted = client.post(reverse("documents:summary_draft", args=[meeting.pk]))
    assert posted.status_code == 405


def test_the_export_is_logged(client, world, meeting):
    client.force_login(world.bao)
    download(client, meeting)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORT)
    assert event.user == world.bao
    assert event.path == reverse("documents:summary_draft", args=[meeting.pk])


def test_the_meeting_page_links_to_it_for_those_who_may_download_it(client, world, meeting):
    link = reverse("documents:summary_draft", args=[meeting.pk])
    for user, shown in ((world.trang, True), (world.bao, True), (world.khoi, False)):
        client.force_login(user)
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert (f'href="{link}">Tải dự thảo báo cáo tổng hợp (.docx)</a>' in page) is shown


def _fill(world, meeting, *, organizations: int, directives: int) -> None:
    """``organizations`` reporting organizations in all (the two of ``world`` among them),
    each with a sent report and two proposals; a previous conclusion of ``directives``
    directives given to every one of them, with progress on each part."""
    orgs = [world.front, world.farmers] + [
        make_organization(world.lam_giang, f"Tổ chức thứ {n}", kind="other")
        for n in range(3, organizations + 1)
    ]
    previous = make_meeting(
        world.lam_giang, meeting.period.previous().code, held_on=meeting.period.start
    )
    conclusion = Conclusion.objects.create(meeting=previous, status="issued", notice_number="1")
    for org in orgs:
        report = make_report(
            meeting,
            org,
            status="submitted",
            results="<p>Kết quả.</p>",
            shortcomings="<p>Hạn chế.</p>",
            difficulties="<p>Khó khăn.</p>",
            next_tasks="<p>Nhiệm vụ.</p>",
        )
        Proposal.objects.bulk_create(
            [Proposal(report=report, position=p, text=f"Kiến nghị {p}") for p in (1, 2)]
        )
    parts = []
    for position in range(1, directives + 1):
        directive = Directive.objects.create(
            conclusion=conclusion,
            position=position,
            text=f"Nhiệm vụ {position}",
            deadline=meeting.period.end,
            due_date=meeting.period.end,
        )
        parts += DirectiveAssignment.objects.bulk_create(
            DirectiveAssignment(directive=directive, organization=org, is_lead=index == 0)
            for index, org in enumerate(orgs)
        )
    changes = [Change(part, "in_progress", None, "Ghi chú") for part in parts]
    tracking_services.record_progress(changes=changes, by=world.trang)


def test_queries_do_not_grow_with_organizations_and_directives(client, world):
    small = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 10))
    large = make_meeting(world.lam_giang, "2025-Q2", held_on=dt.date(2025, 7, 10))
    _fill(world, small, organizations=2, directives=2)
    _fill(world, large, organizations=9, directives=30)
    client.force_login(world.trang)
    counts = []
    for target in (small, large):
        with CaptureQueriesContext(connection) as queries:
            _response, document = download(client, target)
        counts.append(len(queries))
    whole = "\n".join(texts_of(document))
    assert "2.30. Nhiệm vụ 30 (hạn 30/6/2025)" in whole  # numbered within "not done"
    assert "9. Tổ chức thứ 9" in whole
    assert counts[0] == counts[1], "\n".join(q["sql"] for q in queries.captured_queries)
    print("queries:", counts)
    assert counts[1] <= 15, counts
