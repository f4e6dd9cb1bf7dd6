"""Reading on a phone (issue 18): at 390×844, no key page scrolls sideways for any role,
the board's rows read as cards and its page stays short, the filters are folded and
the charts' labels stay readable."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PERSONA_PASSWORD
from tests.factories import make_meeting, make_report
from tracking.models import DirectiveAssignment

PHONE = {"width": 390, "height": 844}
# Nearly every directive starts with the same words, as in the real notices.
TEXT = (
    "Mặt trận và các đoàn thể chính trị - xã hội tỉnh tiếp tục đổi mới nội dung, phương "
    "thức hoạt động, hướng mạnh về cơ sở, tập trung giải quyết những vấn đề bức xúc nổi "
    "lên ở địa bàn dân cư, việc {n}"
)


@pytest.fixture
def phone_world(world, issued):
    """Thirty directives of quý I/2024 (so the board has more than a page), a report, and
    the next meeting with its conclusion form."""
    meeting, directives = issued(texts=[TEXT.format(n=n) for n in range(30)])
    for directive in directives[::3]:
        DirectiveAssignment.objects.create(directive=directive, organization=world.farmers)
    make_report(meeting, world.front, status="accepted", results="<p>Kết quả đạt được.</p>")
    following = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 19))
    return meeting, following


def open_phone(browser, live_server, username, password=PERSONA_PASSWORD):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    return context, page


def widths(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("username", ["trang", "bao", "khoi", "nam"])
def test_no_key_page_scrolls_sideways_on_a_phone(
    browser, live_server, world, phone_world, username
):
    meeting, following = phone_world
    pages = [
        "/",
        "/tracking/dashboard/",
        "/meetings/",
        f"/meetings/{meeting.pk}/",
        f"/meetings/{following.pk}/reports/{world.front.pk}/",
        f"/meetings/{following.pk}/conclusion/",
        "/tracking/board/",
        "/tracking/board/?status=overdue&sort=overdue",
        f"/organizations/{world.front.pk}/",
        "/search/?q=mat+tran",
    ]
    context, page = open_phone(browser, live_server, username)
    try:
        overflowing = []
        for address in pages:
            page.goto(address)
            scroll, inner = widths(page)
            if scroll > inner:
                overflowing.append((address, scroll))
        assert not overflowing, f"{username}: pages wider than the phone: {overflowing}"
    finally:
        context.close()


def test_the_board_reads_as_cards_on_a_phone(browser, live_server, world, phone_world):
    context, page = open_phone(browser, live_server, "bao")
    try:
        page.goto("/tracking/board/")
        # The filters are folded; the rows are cards, each directive recognisable.
        expect(page.locator("details.filters-fold")).not_to_have_attribute("open", "")
        expect(page.get_by_label("Nội dung")).to_be_hidden()
        first = page.locator("table.board tbody tr").first
        expect(first.locator(".directive-id")).to_contain_text("Mục 1 · TB 45-TB/TU · Quý I/2024")
        assert first.evaluate("row => getComputedStyle(row).display") == "block"
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < 6000, height
        # Overdue, sorted by days overdue: each says by how many days.
        page.goto("/tracking/board/?status=overdue&sort=overdue")
        # Still folded while filtering: the first screen shows the rows; the badge and
        # the current chip say a filter is on.
        expect(page.locator("details.filters-fold")).not_to_have_attribute("open", "")
        expect(page.locator("details.filters-fold > summary .badge")).to_be_visible()
        expect(page.locator(".days-overdue").first).to_contain_text("Quá hạn")
        expect(page.locator('a.count-chip[aria-current="true"]')).to_contain_text("Quá hạn")
        # The dashboard's charts: no label under 11 px as shown.
        page.goto("/tracking/dashboard/")
        smallest = page.evaluate(
            "Math.min(...[...document.querySelectorAll('.chart-box svg text')]"
            ".map(t => t.getBoundingClientRect().height).filter(h => h > 0))"
        )
        assert smallest >= 11, smallest
    finally:
        context.close()


def test_the_filters_are_open_on_a_desktop(page, world, phone_world):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("bao")
    page.get_by_label("Mật khẩu").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto("/tracking/board/")
    expect(page.get_by_label("Nội dung")).to_be_visible()


def test_the_dashboard_is_short_on_a_phone(browser, live_server, demo_accounts):
    """The leader's dashboard with the demo data: the table by organization folded below
    its chart, each organization a compact card when opened; under 5,000 px in all."""
    context, page = open_phone(browser, live_server, "lanhdao", demo_accounts["password"])
    try:
        page.goto("/tracking/dashboard/")
        fold = page.locator("details.table-fold")
        expect(fold).not_to_have_attribute("open", "")
        expect(page.locator(".lagging li").first).to_be_visible()
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < 5000, height
        # Opened, each organization reads as a short card: its name, then its figures.
        fold.locator("summary").click()
        rows = page.locator("table.status-table tbody tr")
        expect(rows.first).to_be_visible()
        assert rows.count() >= 5
        card = rows.first.bounding_box()
        assert card["height"] < 160, card
        assert (
            rows.first.locator("td").first.evaluate(
                "td => getComputedStyle(td, '::before').content"
            )
            == '"Chưa đến hạn "'
        )
        scroll, inner = widths(page)
        assert scroll <= inner, scroll
    finally:
        context.close()


def test_the_table_by_organization_is_open_on_a_desktop(page, live_server, demo_accounts):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill(demo_accounts["password"])
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto("/tracking/dashboard/")
    expect(page.locator("details.table-fold")).to_have_attribute("open", "")
    expect(page.locator("details.table-fold > summary")).to_be_hidden()
    expect(page.locator("table.status-table thead")).to_be_visible()
