"""A browser in English (many office computers run Chrome in English) still reads the
application in Vietnamese; English only for the person who chose it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from giaoban.demo import DEMO_PASSWORD


@pytest.fixture
def english_browser(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1366, "height": 768}
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_an_english_browser_signs_in_and_reads_vietnamese(english_browser, demo_accounts):
    page = english_browser
    assert page.evaluate("navigator.language") == "en-US"
    page.goto("/")

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(
        page.get_by_role("heading", name=re.compile("Theo dõi thực hiện kết luận"))
    ).to_be_visible()
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_contain_text("Trang chủ")
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_choosing_english_on_the_account_page(english_browser, demo_accounts):
    page = english_browser
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("#user-menu")).to_be_visible()
    page.goto("/account/")

    page.get_by_label("Ngôn ngữ hiển thị").select_option("en")
    page.get_by_role("button", name="Lưu ngôn ngữ").click()

    expect(page.get_by_text("Your language has been saved.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language of the pages").select_option("vi")
    page.get_by_role("button", name="Save language").click()
    expect(page.get_by_text("Đã lưu ngôn ngữ hiển thị.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
