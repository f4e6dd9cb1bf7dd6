from playwright.sync_api import expect


def test_lockout_message_after_five_wrong_passwords(page, demo_accounts):
    for _attempt in range(5):
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill("canbo")
        page.get_by_label("Mật khẩu").fill("mat-khau-sai")
        page.get_by_role("button", name="Đăng nhập").click()

    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill("giaoban-demo-2026")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", name="Đăng nhập tạm thời bị khóa")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Sau 5 lần nhập sai mật khẩu")
