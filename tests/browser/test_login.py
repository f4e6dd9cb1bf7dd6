import re

from playwright.sync_api import expect

from giaoban.demo import DEMO_PASSWORD


def test_staff_signs_in_and_lands_on_home(page, demo_accounts):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Giao ban")).to_be_visible()

    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(
        page.get_by_role("heading", name=re.compile("Theo dõi thực hiện kết luận"))
    ).to_be_visible()
    expect(page.locator("#user-menu")).to_have_text("Lê Thị Thu Trang")
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_contain_text("Trang chủ")


def test_wrong_password_keeps_user_name_and_explains(page, demo_accounts):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng")).to_be_visible()
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("canbo")


def test_menu_collapses_on_a_phone(page, demo_accounts):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    toggler = page.get_by_role("button", name="Mở menu")
    expect(toggler).to_be_visible()
    expect(page.get_by_role("link", name="Trang chủ")).to_be_hidden()
    toggler.click()
    expect(page.get_by_role("link", name="Trang chủ")).to_be_visible()
