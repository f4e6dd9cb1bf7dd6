"""Acceptance of issue 17, the merged provinces: Hà Giang merged into Tuyên Quang on
1/7/2025. Hà Giang's staff record its quý IV/2024 meeting and issue its conclusion; the
administrator merges the province through the administration pages; Tuyên Quang's staff
find Hà Giang's unfinished directives on their board, with their own organizations, and
follow them up in their quý III/2025 meeting; Hà Giang's meeting keeps its committee and
the names of its day, and can no longer be given a new meeting.

Only the two committees, their organizations and the accounts are made beforehand (an
administrator's work); the rest goes through the pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from meetings.periods import Period
from organizations.models import RoleKind
from tests.browser.test_real_meetings import add_directives, search_finds
from tests.factories import make_committee, make_organization, make_role, make_user

KINDS = [
    ("Ủy ban MTTQ Việt Nam tỉnh {}", "front"),
    ("Hội Nông dân tỉnh {}", "farmers"),
    ("Hội Liên hiệp Phụ nữ tỉnh {}", "women"),
    ("Ban Dân vận Tỉnh ủy {}", "party_body"),
]
HG_FRONT, HG_FARMERS, HG_WOMEN, HG_DAN_VAN = (name.format("Hà Giang") for name, _ in KINDS)
TQ_FRONT, TQ_FARMERS, TQ_WOMEN, TQ_DAN_VAN = (name.format("Tuyên Quang") for name, _ in KINDS)
HIEN_DAT = "Vận động Nhân dân hiến đất làm đường giao thông nông thôn."
DAI_DOAN_KET = "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư."


@pytest.fixture
def provinces(db):
    for place, username, full_name in [
        ("Hà Giang", "staff_hg", "Hoàng Thị Mai"),
        ("Tuyên Quang", "staff_tq", "Nguyễn Văn Tuấn"),
    ]:
        committee = make_committee(f"Tỉnh ủy {place}")
        committee.place_name = place
        committee.save()
        for name, kind in KINDS:
            make_organization(committee, name.format(place), kind=kind)
        make_role(make_user(username, full_name), committee, RoleKind.STAFF)
        make_role(make_user(f"admin_{username[-2:]}", "Quản trị"), committee, RoleKind.ADMIN)
    # The administrator who records the merger administers both.
    from organizations.models import PartyCommittee

    admin = make_user("quantri", "Lê Quản Trị")
    for committee in PartyCommittee.objects.all():
        make_role(admin, committee, RoleKind.ADMIN)


def test_a_merged_provinces_directives_are_followed_up_by_its_successor(sign_in, provinces):
    # Hà Giang, quý IV/2024: held on a day its notice does not give, concluded on 12/1/2025.
    page = sign_in("staff_hg")
    page.get_by_role("link", name="Hội nghị").click()
    page.get_by_role("link", name="Tạo hội nghị").click()
    page.get_by_label("Kỳ*").select_option(label="Quý IV")
    page.get_by_label("Năm*").fill("2024")
    # Entered from its notice, which does not say the day it was held.
    page.get_by_label("Đã tổ chức, không rõ ngày").check()
    page.get_by_label("Người chủ trì", exact=True).fill("Nguyễn Mạnh Dũng")
    for name in (HG_FRONT, HG_FARMERS, HG_WOMEN):
        page.get_by_label(f"Có mặt: {name}").check()
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(
        page.get_by_role("heading", name="Hội nghị giao ban quý IV/2024", level=1)
    ).to_be_visible()
    meeting_url = page.url
    expect(page.locator(".meeting-facts")).to_contain_text("Đã tổ chức (không rõ ngày)")
    page.get_by_role("link", name="Nhập kết luận").click()
    add_directives(
        page, [(HIEN_DAT, HG_FRONT, [HG_FARMERS], False, ""), (DAI_DOAN_KET, "", [], True, "")]
    )
    page.get_by_label("Số thông báo").fill("150-TB/TU")
    page.get_by_label("Ngày ban hành").fill("12/1/2025")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu kết luận")
    page.get_by_role("button", name="Ban hành kết luận").click()
    page.get_by_role("button", name="Ban hành kết luận").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ban hành kết luận")

    # The merger, in the administration pages: the successor and the date, then what each
    # organization merges into, guessed by kind and name.
    admin = sign_in("quantri")
    admin.get_by_role("link", name="Quản trị", exact=True).click()
    admin.get_by_label("Cấp ủy").select_option(label="Tỉnh ủy Hà Giang")
    admin.get_by_role("button", name="Xem").click()
    admin.get_by_role("link", name="Hợp nhất cấp ủy").click()
    expect(admin.get_by_role("heading", name="Hợp nhất cấp ủy", level=1)).to_be_visible()
    admin.get_by_label("Hợp nhất vào*", exact=True).select_option(label="Tỉnh ủy Tuyên Quang")
    admin.get_by_label("Hợp nhất từ ngày*", exact=True).fill("1/7/2025")
    admin.get_by_label("Văn bản quyết định").fill("Nghị quyết số 202/2025/QH15")
    admin.get_by_role("button", name="Tiếp tục").click()
    for old, new in [
        (HG_FRONT, TQ_FRONT),
        (HG_FARMERS, TQ_FARMERS),
        (HG_WOMEN, TQ_WOMEN),
        (HG_DAN_VAN, TQ_DAN_VAN),
    ]:
        chosen = admin.get_by_label(f"“{old}” hợp nhất vào")
        expect(chosen.locator("option:checked")).to_have_text(new)
    admin.get_by_role("button", name="Hợp nhất", exact=True).click()
    expect(admin.locator(".alert-success")).to_contain_text(
        "Tỉnh ủy Hà Giang được hợp nhất vào Tỉnh ủy Tuyên Quang từ ngày 1/7/2025"
    )

    # Tuyên Quang's board: Hà Giang's unfinished parts, now its own organizations'.
    page = sign_in("staff_tq")
    page.get_by_role("link", name="Nhiệm vụ được giao").first.click()
    board = page.locator("main")
    expect(board).to_contain_text(HIEN_DAT)
    expect(board).to_contain_text(TQ_FRONT)
    expect(board).not_to_contain_text(HG_FRONT)

    # Hà Giang's meeting: its committee and the names of its day, read by its successor.
    page.goto(meeting_url)
    expect(page.locator(".meeting-facts")).to_contain_text("Tỉnh ủy Hà Giang")
    expect(page.locator(".meeting-facts")).to_contain_text(HG_FRONT)

    # Its notice, printed after the merger: Hà Giang's, to Hà Giang's organizations.
    with page.expect_download() as info:
        page.get_by_role("link", name="Thông báo (.docx)").click()
    notice = Document(info.value.path())
    header = "\n".join(p.text for p in notice.tables[0].rows[0].cells[0].paragraphs)
    assert "TỈNH ỦY HÀ GIANG" in header.upper() and "Số 150-TB/TU" in header
    body = "\n".join(p.text for p in notice.paragraphs)
    assert "Thường trực Tỉnh ủy Hà Giang" in body
    line = next(p.text for p in notice.paragraphs if HIEN_DAT.removesuffix(".") in p.text)
    assert f"giao {HG_FRONT} chủ trì" in line and HG_FARMERS in line
    assert "Tuyên Quang" not in body
    recipients = "\n".join(p.text for p in notice.tables[-1].rows[0].cells[0].paragraphs)
    assert HG_FRONT in recipients and TQ_FRONT not in recipients

    # Its printed page, likewise.
    page.get_by_role("link", name="Bản in").click()
    sheet = page.locator("main")
    expect(sheet).to_contain_text("Tỉnh ủy Hà Giang")
    expect(sheet).to_contain_text("Đã tổ chức (không rõ ngày)")
    expect(sheet).to_contain_text(HIEN_DAT)
    expect(sheet).not_to_contain_text("Tuyên Quang")

    page.goto(meeting_url)
    # Search finds its directives for its successor, typed without diacritics.
    search_finds(page, "hien dat lam duong", "Hội nghị giao ban quý IV/2024")

    # A new meeting cannot be Hà Giang's any more.
    page.get_by_role("link", name="Hội nghị").first.click()
    page.get_by_role("link", name="Tạo hội nghị").click()
    committee = page.get_by_label("Cấp ủy")
    expect(committee).to_contain_text("Tỉnh ủy Tuyên Quang")
    expect(committee).not_to_contain_text("Tỉnh ủy Hà Giang")

    # Tuyên Quang, quý III/2025: its conclusion form follows Hà Giang's directives up.
    page.get_by_label("Kỳ*").select_option(label="Quý III")
    page.get_by_label("Năm*").fill("2025")
    page.get_by_label("Ngày họp", exact=True).fill("10/10/2025")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(
        page.get_by_role("heading", name="Hội nghị giao ban quý III/2025", level=1)
    ).to_be_visible()
    page.get_by_role("link", name="Nhập kết luận").click()
    earlier = page.get_by_text(re.compile(r"Nhiệm vụ của các kết luận trước chưa hoàn thành"))
    earlier.click()
    fold = page.locator("details", has=earlier)
    expect(fold.locator(".formset-row")).to_have_count(2)
    row = fold.locator(".formset-row", has_text=HIEN_DAT[:40])
    expect(row).to_contain_text("Giao tại hội nghị Quý IV/2024 của Tỉnh ủy Hà Giang")
    expect(row).to_contain_text(TQ_FRONT)
    expect(row).to_contain_text(TQ_FARMERS)
    expect(row).not_to_contain_text(TQ_WOMEN)
    everyone = fold.locator(".formset-row", has_text=DAI_DOAN_KET[:40])
    for name in (TQ_FRONT, TQ_FARMERS, TQ_WOMEN):
        expect(everyone).to_contain_text(name)

    # Their next meeting, twenty days from today: the reports are due five days before it.
    held = timezone.localdate() + dt.timedelta(days=20)
    due = held - dt.timedelta(days=5)
    period = Period.quarter_of(timezone.localdate())
    page.get_by_role("link", name="Hội nghị").first.click()
    page.get_by_role("link", name="Tạo hội nghị").click()
    page.get_by_label("Kỳ*").select_option(period.kind)
    page.get_by_label("Năm*").fill(str(period.year))
    page.get_by_label("Ngày họp", exact=True).fill(f"{held.day}/{held.month}/{held.year}")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu hội nghị")
    expect(page.locator("main")).to_contain_text(
        f"Hạn gửi báo cáo: {due.day}/{due.month}/{due.year}"
    )
