"""Acceptance of issue 17: the two real meetings of shared/samples entered through the
browser as a new staff member would, then every fact of them looked for where a reader
finds it: the meeting page, the printed page, the notice (.docx), search and the next
period's follow-up.

- tinh-uy-quy-I-2024.txt: Thường trực Tỉnh ủy and the Front and the socio-political
  organizations, quý I/2024, held on 19/4/2024, chaired by Phạm Văn Hậu; its summary
  cites Công văn số 4934-CV/TU; the conclusion's directives for quý II/2024.
- huyen-uy-6-thang-2024.txt: Thường trực Huyện ủy, 6 tháng đầu năm 2024, held on the
  afternoon of 13/6/2024 under its own title, chaired by Hồ Văn Vinh, with Hồ Thị Thu
  Hằng among the other attendees; no notice is mentioned: its conclusion is recorded
  from the minutes (without a notice) and followed up all the same.

Only the committee, its organizations and the staff account are made beforehand (an
administrator's work); the rest goes through the pages.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from organizations.models import CommitteeLevel, RoleKind
from tests.factories import make_committee, make_organization, make_role, make_user

SHOTS = Path("/tmp/shots")

# --- Tỉnh ủy, quý I/2024 ----------------------------------------------------------------

TINH_SUMMARY = (
    "Thực hiện nhiệm vụ quý I, Mặt trận và các đoàn thể CT-XH tỉnh đã bám sát chức năng, "
    "nhiệm vụ, phát huy tinh thần trách nhiệm để tham mưu Tỉnh ủy, Ban Thường vụ, Thường "
    "trực Tỉnh ủy lãnh đạo, chỉ đạo thực hiện các nhiệm vụ theo chương trình, kế hoạch đề "
    "ra, qua đó đạt được những kết quả tích cực, trọng tâm là việc thực hiện nhiệm vụ theo "
    "Công văn số 4934-CV/TU của Tỉnh ủy về danh mục nhiệm vụ trình Tỉnh ủy, Ban Thường vụ "
    "Tỉnh ủy năm 2024. Việc thực hiện các nội dung công việc được Ban Thường vụ Tỉnh ủy giao "
    "cơ bản đạt yêu cầu. Mặt trận và các đoàn thể CT-XH tỉnh đã chủ động xây dựng kế hoạch "
    "và triển khai thực hiện chương trình công tác của từng cơ quan, đơn vị cơ bản hoàn thành "
    "đảm bảo về mặt chất lượng và thời gian."
)
TINH_CHAIR = "Phạm Văn Hậu"
TINH_CHAIR_TITLE = "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh"
TINH_OTHERS = "đại diện lãnh đạo các ban đảng Tỉnh ủy"
TINH_ASSESSMENT = (
    "Ghi nhận những nỗ lực, kết quả mà Mặt trận và các đoàn thể CT-XH đạt được thời gian qua."
)
TINH_SHORTCOMINGS = "Chỉ ra một số tồn tại, hạn chế các cơ quan, đơn vị cần khắc phục."
TINH_ORIENTATION = (
    "Về phương hướng, nhiệm vụ quý II/2024, đề nghị Mặt trận và các đoàn thể CT-XH tỉnh "
    "thực hiện tốt các nhiệm vụ sau."
)
# The organizations of the province, created (by the administrator) in no particular
# order: the pages list them in statutory order.
FRONT = "Ủy ban MTTQ Việt Nam tỉnh Ninh Thuận"
LABOUR = "Liên đoàn Lao động tỉnh Ninh Thuận"
FARMERS = "Hội Nông dân tỉnh Ninh Thuận"
VETERANS = "Hội Cựu chiến binh tỉnh Ninh Thuận"
WOMEN = "Hội Liên hiệp Phụ nữ tỉnh Ninh Thuận"
YOUTH = "Tỉnh Đoàn Ninh Thuận"
# Typed with the tone mark on the "u", as many write it: kept as typed (issue 17, point 9).
DAN_VAN = "Ban Dân vận Tỉnh uỷ Ninh Thuận"
TINH_ORGANIZATIONS = [
    (DAN_VAN, "party_body"),
    (YOUTH, "youth_union"),
    (WOMEN, "women"),
    (FARMERS, "farmers"),
    (FRONT, "front"),
    (VETERANS, "veterans"),
    (LABOUR, "labour"),
]
TINH_MASS = [FRONT, LABOUR, FARMERS, VETERANS, WOMEN, YOUTH]  # statutory order

# The directives as the sample gives them. Each: text, lead, co-assignees, to all, group.
TINH_DIRECTIVES = [
    (
        "Khắc phục những tồn tại, hạn chế đã được chỉ ra tại hội nghị.",
        None,
        TINH_MASS,
        False,
        "các cơ quan, đơn vị",
    ),
    (
        "Tiếp tục đổi mới, đẩy mạnh công tác tuyên truyền, tập hợp hội viên, nhân dân, củng "
        "cố và phát huy sức mạnh đại đoàn kết toàn dân tộc.",
        None,
        [],
        True,
        "",
    ),
    (
        "Tiếp tục đẩy mạnh cải cách hành chính, chuyển đổi số, ứng dụng công nghệ thông tin "
        "vào hoạt động.",
        None,
        [],
        True,
        "",
    ),
    (
        "Rà soát, phát động các phong trào thi đua phù hợp với từng nhóm đối tượng; chú trọng "
        "biểu dương, khen thưởng, nhân rộng những mô hình, cá nhân tiêu biểu để tạo sự lan tỏa.",
        None,
        [],
        True,
        "",
    ),
    (
        "Tăng cường công tác phối hợp tuyên truyền thực hiện có hiệu quả các chủ trương, đường "
        "lối lớn của Đảng, Nhà nước; tăng cường công tác giám sát, phản biện xã hội.",
        None,
        [],
        True,
        "",
    ),
    (
        "Chuẩn bị tốt các điều kiện tổ chức Đại hội đại biểu MTTQ Việt Nam tỉnh lần thứ XI, "
        "nhiệm kỳ 2024-2029.",
        FRONT,
        [],
        True,
        "",
    ),
    (
        "Chuẩn bị tốt các điều kiện tổ chức Đại hội Hội Liên hiệp Thanh niên Việt Nam tỉnh lần "
        "thứ VII, nhiệm kỳ 2024-2029.",
        YOUTH,
        [],
        False,
        "",
    ),
    (
        "Giao Ban Dân vận Tỉnh ủy tổng hợp những kiến nghị, đề xuất của Mặt trận và các đoàn "
        "thể CT-XH để báo cáo Thường trực Tỉnh ủy.",
        DAN_VAN,
        [],
        False,
        "",
    ),
]
# The sample gives no notice number: the one the notice gets when it is signed is the
# test's own.
TINH_NOTICE = ("47-TB/TU", "22/4/2024")

# --- Huyện ủy, 6 tháng đầu năm 2024 -------------------------------------------------------

HUYEN_TITLE = (
    "Hội nghị giao ban công tác Mặt trận và các tổ chức chính trị - xã hội huyện 6 tháng đầu "
    "năm 2024"
)
HUYEN_CHAIR = "Hồ Văn Vinh"
HUYEN_CHAIR_TITLE = "Phó Bí thư Thường trực Huyện ủy, Chủ tịch Hội đồng nhân dân huyện"
HUYEN_OTHERS = (
    "đồng chí Hồ Thị Thu Hằng, UVBTV, Trưởng Ban Tổ chức Huyện ủy\n"
    "đại diện lãnh đạo Văn phòng Huyện ủy"
)
HUYEN_SUMMARY = (
    "Trong 6 tháng đầu năm 2024 Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - "
    "xã hội huyện đã chủ động cụ thể các mục tiêu, nhiệm vụ chính trị của huyện vào chương "
    "trình, kế hoạch hoạt động để tập trung chỉ đạo tổ chức triển khai thực hiện có hiệu quả; "
    "quan tâm thực hiện tốt công tác giáo dục chính trị tư tưởng. Tổ chức các phong trào "
    "thiết thực, hiệu quả chào mừng các ngày lễ lớn của quê hương, đất nước (kỷ niệm 94 năm "
    "Ngày thành lập Đảng Cộng sản Việt Nam, 49 năm Ngày giải phóng Miền Nam thống nhất đất "
    "nước, 70 năm Ngày chiến thắng Điện Biên Phủ…). Chuẩn bị tốt các nội dung, điều kiện để "
    "tổ chức Đại hội đại biểu Mặt trận Tổ quốc Việt Nam huyện và Đại hội Hội Liên hiệp Thanh "
    "niên Việt Nam huyện nhiệm kỳ 2024 - 2029."
)
HUYEN_SOURCE = "Tin bài: Hồ Văn Hùng"
HUYEN_ASSESSMENT = (
    "Ghi nhận và biểu dương sự cố gắng, nỗ lực và những kết quả của Mặt trận Tổ quốc và các "
    "tổ chức chính trị - xã hội huyện đã đạt được trong 6 tháng đầu năm 2024."
)
H_FRONT = "Ủy ban MTTQ Việt Nam huyện Tân Lập"
H_LABOUR = "Liên đoàn Lao động huyện Tân Lập"
H_FARMERS = "Hội Nông dân huyện Tân Lập"
H_VETERANS = "Hội Cựu chiến binh huyện Tân Lập"
H_WOMEN = "Hội Liên hiệp Phụ nữ huyện Tân Lập"
H_YOUTH = "Huyện Đoàn Tân Lập"
H_DAN_VAN = "Ban Dân vận Huyện ủy Tân Lập"
HUYEN_ORGANIZATIONS = [
    (H_FRONT, "front"),
    (H_LABOUR, "labour"),
    (H_FARMERS, "farmers"),
    (H_VETERANS, "veterans"),
    (H_WOMEN, "women"),
    (H_YOUTH, "youth_union"),
    (H_DAN_VAN, "party_body"),
]
H_MASS = [H_FRONT, H_LABOUR, H_FARMERS, H_VETERANS, H_WOMEN, H_YOUTH]
HUYEN_DIRECTIVES = [
    (
        "Tăng cường phối hợp với cấp ủy, chính quyền huyện thực hiện tốt công tác nắm tình "
        "hình, phối hợp tuyên truyền, vận động Nhân dân để người dân hiểu, đồng tình ủng hộ "
        "chủ trương, chính sách của nhà nước về giải phóng mặt bằng, các dự án trọng điểm của "
        "huyện.",
        None,
        [],
        True,
        "",
    ),
    (
        "Quan tâm nâng cao chất lượng công tác phản biện xã hội của Mặt trận Tổ quốc và các tổ "
        "chức chính trị - xã hội huyện; phối hợp thực hiện tốt công tác dân vận chính quyền.",
        None,
        [],
        True,
        "",
    ),
    (
        "Thực hiện tốt các nhiệm vụ chuyên môn theo chương trình, kế hoạch công tác năm.",
        None,
        [],
        True,
        "",
    ),
    (
        "Tuyên truyền, vận động Nhân dân tích cực sản xuất kinh doanh, đẩy mạnh chăm sóc cây "
        "trồng, vật nuôi, phòng chống các loại dịch bệnh, tham gia các phong trào thi đua yêu "
        "nước.",
        None,
        [],
        True,
        "",
    ),
    (
        "Quan tâm chăm lo, bảo vệ quyền và lợi ích chính đáng của đoàn viên, hội viên và nhân "
        "dân, chủ động nắm, xử lý các vấn đề nảy sinh trong đời sống kinh tế - xã hội của các "
        "tầng lớp nhân dân.",
        None,
        [],
        True,
        "",
    ),
    (
        "Chuẩn bị tốt, chu đáo các điều kiện để tổ chức thành công Đại hội đại biểu Mặt trận "
        "Tổ quốc Việt Nam huyện và Đại hội Hội Liên hiệp Thanh niên Việt Nam huyện nhiệm kỳ "
        "2024 - 2029.",
        H_FRONT,
        [H_YOUTH],
        False,
        "",
    ),
]


@pytest.fixture
def province(db):
    committee = make_committee("Tỉnh ủy Ninh Thuận")
    committee.place_name = "Ninh Thuận"
    committee.save()
    for name, kind in TINH_ORGANIZATIONS:
        make_organization(committee, name, kind=kind)
    make_role(make_user("thuy", "Nguyễn Thị Thủy"), committee, RoleKind.STAFF)
    return committee


@pytest.fixture
def district(db):
    parent = make_committee("Tỉnh ủy Sơn Nguyên")
    committee = make_committee(
        "Huyện ủy Tân Lập", level=CommitteeLevel.DISTRICT, parent=parent, suffix="HU"
    )
    for name, kind in HUYEN_ORGANIZATIONS:
        make_organization(committee, name, kind=kind)
    make_role(make_user("long", "Trần Văn Long"), committee, RoleKind.STAFF)
    return committee


# --- what the staff member does -------------------------------------------------------------


def rich(page: Page, label: str, text: str) -> None:
    """Paste ``text`` into the formatting editor labelled ``label``."""
    editor = page.get_by_role("textbox", name=label, exact=True)
    editor.click()
    page.keyboard.insert_text(text)


def add_directives(page: Page, directives) -> None:
    for index, (text, lead, others, to_all, group) in enumerate(directives):
        page.get_by_role("button", name="Thêm nhiệm vụ").click()
        row = page.locator("[data-formset-row]").nth(index)
        row.locator(f"textarea[name='directives-{index}-text']").fill(text)
        if lead:
            row.locator(f"select[name='directives-{index}-lead']").select_option(label=lead)
        for name in others:
            row.get_by_label(name, exact=True).check()
        if to_all:
            row.get_by_label("Tất cả các tổ chức").check()
        if group:
            row.get_by_label("Giao cho nhóm").fill(group)


def search_finds(page: Page, query: str, title: str) -> None:
    """Search from the navigation bar: the meeting is among the results, linked."""
    page.get_by_placeholder("Tìm trong các hội nghị").fill(query)
    page.keyboard.press("Enter")
    # (The results of this query, not those of the one before.)
    expect(page).to_have_url(re.compile(re.escape(urlencode({"q": query}))))
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name=title).first).to_be_visible()


def fact(page: Page, label: str):
    """The value of one of the meeting's facts ("Ngày họp", "Chủ trì"…)."""
    term = page.locator(".meeting-facts dt").filter(has_text=re.compile(f"^{label}$"))
    return term.locator("xpath=following-sibling::dd[1]")


def directive_row(page: Page, text: str):
    return page.locator("table.directives tbody tr", has_text=text[:60])


def earlier_directives_list_their_assignees(page: Page, directives, mass, everyone) -> None:
    """On the next meeting's conclusion form, the fold of the earlier directives not done
    lists each directive with the organizations it was given to, and no other."""
    earlier = page.get_by_text(re.compile(r"Nhiệm vụ của các kết luận trước chưa hoàn thành"))
    earlier.click()
    fold = page.locator("details", has=earlier)
    expect(fold.locator(".formset-row")).to_have_count(len(directives))
    for text, lead, others, to_all, _group in directives:
        given = set(mass) if to_all else set(others)
        if lead:
            given.add(lead)
        row = fold.locator(".formset-row", has_text=text[:60])
        for name in everyone:
            if name in given:
                expect(row).to_contain_text(name)
            else:
                expect(row).not_to_contain_text(name)


# --- the provincial meeting ------------------------------------------------------------------


def test_the_provincial_meeting_of_quy_i_2024(sign_in, province):
    page = sign_in("thuy")

    # The meeting, as the press report tells it.
    page.get_by_role("link", name="Hội nghị").click()
    page.get_by_role("link", name="Tạo hội nghị").click()
    page.get_by_label("Kỳ*").select_option(label="Quý I")
    page.get_by_label("Năm*").fill("2024")
    page.get_by_label("Ngày họp", exact=True).fill("19/4/2024")
    page.get_by_label("Người chủ trì", exact=True).fill(TINH_CHAIR)
    page.get_by_label("Chức vụ đầy đủ của người chủ trì").fill(TINH_CHAIR_TITLE)
    # The attendance table lists the organizations in statutory order, the Front first.
    names = page.locator("[data-attendance-rows] tbody tr td:first-child")
    expect(names).to_have_text([*TINH_MASS, DAN_VAN])
    for name in TINH_MASS:
        page.get_by_label(f"Có mặt: {name}").check()
    page.get_by_label("Thành phần khác").fill(TINH_OTHERS)
    rich(page, "Tổng hợp tình hình, kết quả trong kỳ", TINH_SUMMARY)
    page.get_by_role("button", name="Lưu", exact=True).click()
    heading = page.get_by_role("heading", name="Hội nghị giao ban quý I/2024", level=1)
    expect(heading).to_be_visible()
    meeting_url = page.url

    expect(fact(page, "Cấp ủy")).to_have_text("Tỉnh ủy Ninh Thuận")
    expect(fact(page, "Kỳ")).to_have_text("Quý I/2024")
    expect(fact(page, "Ngày họp")).to_have_text("19/4/2024")
    expect(fact(page, "Chủ trì")).to_have_text(f"Đồng chí {TINH_CHAIR}, {TINH_CHAIR_TITLE}")
    expect(fact(page, "Thành phần dự họp").locator("li")).to_have_text(TINH_MASS)
    expect(fact(page, "Thành phần khác")).to_have_text(TINH_OTHERS)
    main = page.locator("main")
    expect(main).to_contain_text("Thực hiện nhiệm vụ quý I, Mặt trận và các đoàn thể CT-XH")
    expect(main).to_contain_text("Văn bản được trích dẫn: Công văn số 4934-CV/TU")

    # The conclusion and its directives.
    page.get_by_role("link", name="Nhập kết luận").click()
    rich(page, "Đánh giá kết quả trong kỳ", TINH_ASSESSMENT)
    rich(page, "Tồn tại, hạn chế cần khắc phục", TINH_SHORTCOMINGS)
    rich(page, "Phương hướng, nhiệm vụ kỳ tới", TINH_ORIENTATION)
    add_directives(page, TINH_DIRECTIVES)
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu kết luận")

    # Signed and numbered, it is entered and issued.
    page.get_by_role("link", name="Sửa kết luận").click()
    page.get_by_label("Số thông báo").fill(TINH_NOTICE[0])
    page.get_by_label("Ngày ban hành").fill(TINH_NOTICE[1])
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu kết luận")
    page.get_by_role("button", name="Ban hành kết luận").click()
    expect(page.get_by_role("heading", name="Ban hành kết luận", level=1)).to_be_visible()
    page.get_by_role("button", name="Ban hành kết luận").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ban hành kết luận")

    # The meeting page: the conclusion with every directive and its assignees.
    page.goto(meeting_url)
    conclusion = page.locator("#conclusion")
    expect(conclusion).to_contain_text(TINH_ASSESSMENT)
    expect(conclusion).to_contain_text(TINH_SHORTCOMINGS)
    expect(conclusion).to_contain_text(TINH_NOTICE[0])
    expect(page.locator("table.directives tbody tr")).to_have_count(len(TINH_DIRECTIVES))
    group = directive_row(page, TINH_DIRECTIVES[0][0])
    expect(group).to_contain_text("các cơ quan, đơn vị")
    for name in TINH_MASS:
        expect(group).to_contain_text(name)
    expect(directive_row(page, TINH_DIRECTIVES[1][0])).to_contain_text("Tất cả các tổ chức")
    expect(directive_row(page, TINH_DIRECTIVES[5][0])).to_contain_text(f"{FRONT} (chủ trì)")
    expect(directive_row(page, TINH_DIRECTIVES[5][0])).to_contain_text("Tất cả các tổ chức")
    expect(directive_row(page, TINH_DIRECTIVES[6][0])).to_contain_text(f"{YOUTH} (chủ trì)")
    expect(directive_row(page, TINH_DIRECTIVES[7][0])).to_contain_text(f"{DAN_VAN} (chủ trì)")
    for row in page.locator("table.directives tbody tr").all():
        expect(row).to_contain_text("Quý II/2024")

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=str(SHOTS / "tinh-meeting-1366x900.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "tinh-meeting-390x844.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The notice, as a Word file.
    with page.expect_download() as info:
        page.get_by_role("link", name="Thông báo (.docx)").click()
    notice = Document(info.value.path())
    header = [p.text for p in notice.tables[0].rows[0].cells[0].paragraphs]
    assert "Số 47-TB/TU" in header
    texts = [p.text for p in notice.paragraphs]
    body = "\n".join(texts)
    assert "Ninh Thuận, ngày 22 tháng 4 năm 2024" in "\n".join(
        p.text for p in notice.tables[0].rows[0].cells[1].paragraphs
    )
    summary = texts[texts.index("THÔNG BÁO") + 1]
    assert summary.startswith(
        f"Kết luận của đồng chí {TINH_CHAIR}, {TINH_CHAIR_TITLE} tại hội nghị giao ban"
    )
    assert summary.endswith("quý I/2024")
    assert "Ngày 19 tháng 4 năm 2024, Thường trực Tỉnh ủy Ninh Thuận tổ chức" in body
    assert f"Đồng chí {TINH_CHAIR}, {TINH_CHAIR_TITLE} chủ trì hội nghị." in body
    attending = next(t for t in texts if "Dự hội nghị có đại diện lãnh đạo" in t)
    assert ", ".join(TINH_MASS) in attending  # those present, in statutory order
    assert f"Thành phần khác: {TINH_OTHERS}." in body
    assert TINH_ASSESSMENT in body
    for index, (text, *_rest) in enumerate(TINH_DIRECTIVES, start=1):
        # One final full stop: the text's own moves after the note in parentheses.
        assert any(t.startswith(f"4.{index}. {text.removesuffix('.')}") for t in texts), (
            index,
            texts,
        )
    line = next(t for t in texts if TINH_DIRECTIVES[0][0].removesuffix(".") in t)
    assert "(giao các cơ quan, đơn vị" in line
    line = next(t for t in texts if TINH_DIRECTIVES[5][0].removesuffix(".") in t)
    assert f"giao {FRONT} chủ trì" in line
    line = next(t for t in texts if TINH_DIRECTIVES[6][0].removesuffix(".") in t)
    assert f"giao {YOUTH}" in line
    # "Giao Ban Dân vận Tỉnh ủy tổng hợp …": the assignee is not named again after it.
    line = next(t for t in texts if TINH_DIRECTIVES[7][0].removesuffix(".") in t)
    assert line == f"4.8. {TINH_DIRECTIVES[7][0].removesuffix('.')} (thời hạn: quý II/2024)."
    recipients = [p.text for p in notice.tables[-1].rows[0].cells[0].paragraphs if p.text]
    assert recipients[0] == "Nơi nhận:"
    assert recipients[-1] == "- Lưu Văn phòng."
    for name in [*TINH_MASS, DAN_VAN]:
        assert any(name in r for r in recipients), (name, recipients)

    # The printed page.
    page.get_by_role("link", name="Bản in").click()
    sheet = page.locator("main")
    expect(page.get_by_role("heading", name="Hội nghị giao ban quý I/2024")).to_be_visible()
    expect(fact(page, "Ngày họp")).to_have_text("19/4/2024")
    expect(fact(page, "Chủ trì")).to_have_text(f"Đồng chí {TINH_CHAIR}, {TINH_CHAIR_TITLE}")
    expect(fact(page, "Thành phần dự họp").locator("li")).to_have_text(TINH_MASS)
    expect(fact(page, "Thành phần khác")).to_have_text(TINH_OTHERS)
    expect(sheet).to_contain_text("trọng tâm là việc thực hiện nhiệm vụ theo Công văn số 4934")
    expect(sheet).to_contain_text("Văn bản được trích dẫn: Công văn số 4934-CV/TU")
    expect(sheet.locator("table.directives tbody tr")).to_have_count(len(TINH_DIRECTIVES))
    expect(directive_row(page, TINH_DIRECTIVES[7][0])).to_contain_text(DAN_VAN)
    expect(page.locator("nav.navbar")).to_have_count(0)

    # Search: the citation, and a phrase of the summary typed without diacritics.
    page.goto(meeting_url)
    search_finds(page, "4934-CV/TU", "Hội nghị giao ban quý I/2024")
    search_finds(page, "bam sat chuc nang nhiem vu", "Hội nghị giao ban quý I/2024")

    # The follow-up: each organization's part of each directive.
    page.goto(meeting_url)
    page.get_by_role("link", name="Tình hình thực hiện nhiệm vụ").click()
    rows = page.locator("main table tbody tr")
    # 6 to the group, 6 × 4 to all, 6 (the Front leading), 1, 1.
    expect(rows).to_have_count(6 + 6 * 4 + 6 + 1 + 1)
    expect(rows.filter(has_text="Giao Ban Dân vận Tỉnh ủy tổng hợp")).to_contain_text(
        f"{DAN_VAN} (chủ trì)"
    )
    expect(rows.filter(has_text="Hội Liên hiệp Thanh niên")).to_contain_text(f"{YOUTH} (chủ trì)")
    expect(rows.filter(has_text="Đại hội đại biểu MTTQ").first).to_contain_text(
        f"{FRONT} (chủ trì)"
    )

    # As of the day the directives fell due (by default), then the day after.
    main = page.locator("main")
    expect(main).to_contain_text("Tình trạng tính đến ngày 30/6/2024.")
    expect(main).to_contain_text("Chưa đến hạn: 38")
    page.get_by_label("Tính đến ngày").fill("1/7/2024")
    page.get_by_role("button", name="Xem").click()
    expect(main).to_contain_text("Tình trạng tính đến ngày 1/7/2024.")
    expect(main).to_contain_text("Quá hạn chưa hoàn thành: 38")

    # Quý II: the next meeting's conclusion lists the directives still open.
    page.goto(meeting_url)
    page.get_by_role("link", name="Tạo hội nghị kỳ tiếp theo").click()
    expect(page.get_by_label("Kỳ*")).to_have_value("Q2")
    page.get_by_label("Ngày họp", exact=True).fill("15/7/2024")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(
        page.get_by_role("heading", name="Hội nghị giao ban quý II/2024", level=1)
    ).to_be_visible()
    page.get_by_role("link", name="Nhập kết luận").click()
    earlier_directives_list_their_assignees(page, TINH_DIRECTIVES, TINH_MASS, [*TINH_MASS, DAN_VAN])

    # Its draft summary report gives the last period's directives, each organization's part.
    page.get_by_role("link", name="Hủy").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải dự thảo báo cáo tổng hợp (.docx)").click()
    draft = [p.text for p in Document(info.value.path()).paragraphs]
    assert (
        "Thực hiện Thông báo kết luận số 47-TB/TU ngày 22/4/2024 tại hội nghị giao ban quý "
        "I/2024, đến ngày 15/7/2024, kết quả thực hiện các nhiệm vụ như sau:"
    ) in draft
    assert "2. Nhiệm vụ chưa hoàn thành (8)" in draft
    assert f"- {DAN_VAN} (chủ trì): Quá hạn chưa hoàn thành." in draft
    assert f"- {YOUTH} (chủ trì): Quá hạn chưa hoàn thành." in draft


# --- the district meeting --------------------------------------------------------------------


def test_the_district_meeting_of_the_first_half_of_2024(sign_in, district):
    page = sign_in("long")

    page.get_by_role("link", name="Hội nghị").click()
    page.get_by_role("link", name="Tạo hội nghị").click()
    page.get_by_label("Kỳ*").select_option(label="6 tháng đầu năm")
    page.get_by_label("Năm*").fill("2024")
    page.get_by_label("Tiêu đề").fill(HUYEN_TITLE)
    page.get_by_label("Ngày họp", exact=True).fill("13/6/2024")
    page.get_by_label("Buổi", exact=True).select_option(label="Buổi chiều")
    page.get_by_label("Người chủ trì", exact=True).fill(HUYEN_CHAIR)
    page.get_by_label("Chức vụ đầy đủ của người chủ trì").fill(HUYEN_CHAIR_TITLE)
    for name in [*H_MASS, H_DAN_VAN]:
        page.get_by_label(f"Có mặt: {name}").check()
    page.get_by_label("Thành phần khác").fill(HUYEN_OTHERS)
    rich(page, "Tổng hợp tình hình, kết quả trong kỳ", HUYEN_SUMMARY)
    page.get_by_label("Nguồn").fill(HUYEN_SOURCE)
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("heading", name=HUYEN_TITLE, level=1)).to_be_visible()
    meeting_url = page.url

    expect(fact(page, "Cấp ủy")).to_have_text("Huyện ủy Tân Lập")
    expect(fact(page, "Kỳ")).to_have_text("6 tháng đầu năm 2024")
    expect(fact(page, "Ngày họp")).to_have_text("Buổi chiều, 13/6/2024")
    expect(fact(page, "Chủ trì")).to_have_text(f"Đồng chí {HUYEN_CHAIR}, {HUYEN_CHAIR_TITLE}")
    expect(fact(page, "Thành phần dự họp").locator("li")).to_have_text([*H_MASS, H_DAN_VAN])
    expect(fact(page, "Thành phần khác")).to_have_text(
        "đồng chí Hồ Thị Thu Hằng, UVBTV, Trưởng Ban Tổ chức Huyện ủy"
        "đại diện lãnh đạo Văn phòng Huyện ủy"
    )
    main = page.locator("main")
    expect(main).to_contain_text("70 năm Ngày chiến thắng Điện Biên Phủ")
    expect(main).to_contain_text(f"Nguồn: {HUYEN_SOURCE}")

    # The conclusion, from the minutes: no notice was issued.
    page.get_by_role("link", name="Nhập kết luận").click()
    page.get_by_label("Ghi nhận từ biên bản, không ban hành thông báo").check()
    rich(page, "Đánh giá kết quả trong kỳ", HUYEN_ASSESSMENT)
    add_directives(page, HUYEN_DIRECTIVES)
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu kết luận")
    page.get_by_role("button", name="Ban hành kết luận").click()
    expect(page.get_by_role("heading", name="Ban hành kết luận", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("ghi nhận từ biên bản, không ban hành thông báo")
    page.get_by_role("button", name="Ban hành kết luận").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ban hành kết luận")

    page.goto(meeting_url)
    conclusion = page.locator("#conclusion")
    expect(conclusion).to_contain_text(
        "Không có thông báo kết luận; kết luận được ghi nhận từ biên bản hội nghị."
    )
    expect(conclusion).to_contain_text(HUYEN_ASSESSMENT)
    expect(page.locator("table.directives tbody tr")).to_have_count(len(HUYEN_DIRECTIVES))
    for text, *_rest in HUYEN_DIRECTIVES[:5]:
        expect(directive_row(page, text)).to_contain_text("Tất cả các tổ chức")
        expect(directive_row(page, text)).to_contain_text("6 tháng cuối năm 2024")
    congress = directive_row(page, HUYEN_DIRECTIVES[5][0])
    expect(congress).to_contain_text(f"{H_FRONT} (chủ trì)")
    expect(congress).to_contain_text(H_YOUTH)

    # The printed page.
    page.get_by_role("link", name="Bản in").click()
    sheet = page.locator("main")
    expect(page.get_by_role("heading", name=HUYEN_TITLE)).to_be_visible()
    expect(fact(page, "Ngày họp")).to_have_text("Buổi chiều, 13/6/2024")
    expect(fact(page, "Chủ trì")).to_have_text(f"Đồng chí {HUYEN_CHAIR}, {HUYEN_CHAIR_TITLE}")
    expect(fact(page, "Thành phần khác")).to_contain_text(
        "đồng chí Hồ Thị Thu Hằng, UVBTV, Trưởng Ban Tổ chức Huyện ủy"
    )
    expect(sheet).to_contain_text("chào mừng các ngày lễ lớn của quê hương, đất nước")
    expect(sheet).to_contain_text("kết luận được ghi nhận từ biên bản hội nghị")
    expect(sheet.locator("table.directives tbody tr")).to_have_count(len(HUYEN_DIRECTIVES))

    # Search: a phrase of the summary, typed without diacritics, and the meeting's title.
    page.goto(meeting_url)
    search_finds(page, "70 nam ngay chien thang dien bien phu", HUYEN_TITLE)
    search_finds(page, "giao ban cong tac mat tran huyen 6 thang dau nam 2024", HUYEN_TITLE)

    # The follow-up, though no notice was issued.
    page.goto(meeting_url)
    page.get_by_role("link", name="Tình hình thực hiện nhiệm vụ").click()
    expect(page.locator("main")).to_contain_text("Tình trạng tính đến ngày 31/12/2024.")
    expect(page.locator("main")).to_contain_text("Chưa đến hạn: 32")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(6 * 5 + 2)  # 6 organizations × 5 to all; the Front and youth
    expect(rows.filter(has_text="Đại hội đại biểu Mặt trận")).to_have_text(
        [re.compile(rf"{H_FRONT} \(chủ trì\)"), re.compile(H_YOUTH)]
    )

    # 6 tháng cuối năm 2024: the next meeting's conclusion lists what is still open.
    page.goto(meeting_url)
    page.get_by_role("link", name="Tạo hội nghị kỳ tiếp theo").click()
    expect(page.get_by_label("Kỳ*")).to_have_value("H2")
    page.get_by_label("Ngày họp", exact=True).fill("12/12/2024")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(
        page.get_by_role("heading", name=re.compile("6 tháng cuối năm 2024"), level=1)
    ).to_be_visible()
    page.get_by_role("link", name="Nhập kết luận").click()
    earlier_directives_list_their_assignees(page, HUYEN_DIRECTIVES, H_MASS, [*H_MASS, H_DAN_VAN])

    # Its draft summary report: the chair's conclusion (no notice) and what is not done.
    page.get_by_role("link", name="Hủy").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải dự thảo báo cáo tổng hợp (.docx)").click()
    draft = [p.text for p in Document(info.value.path()).paragraphs]
    assert (
        "Thực hiện kết luận của đồng chí chủ trì tại hội nghị giao ban 6 tháng đầu năm 2024, "
        "đến ngày 12/12/2024, kết quả thực hiện các nhiệm vụ như sau:"
    ) in draft
    assert "2. Nhiệm vụ chưa hoàn thành (6)" in draft
    assert f"- {H_FRONT} (chủ trì): Chưa đến hạn." in draft
