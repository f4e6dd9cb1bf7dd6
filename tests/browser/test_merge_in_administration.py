from playwright.sync_api import expect

from giaoban.demo import DEMO_PASSWORD
from organizations.models import Organization


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("#user-menu")).to_be_visible()


def test_admin_merges_two_organizations_and_history_shows(page, demo_accounts):
    """In the app's administration pages (Django's admin is for superusers only)."""
    farmers = Organization.objects.get(name="Hội Nông dân tỉnh Lâm Giang")
    veterans = Organization.objects.get(name="Hội Cựu chiến binh tỉnh Lâm Giang")
    front = Organization.objects.get(name="Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Giang")
    sign_in(page, "quantri")

    page.get_by_role("link", name="Quản trị", exact=True).click()
    page.get_by_role("link", name="Hợp nhất tổ chức").click()
    expect(page.get_by_role("heading", name="Hợp nhất tổ chức")).to_be_visible()
    page.get_by_label(farmers.name, exact=True).check()
    page.get_by_label(veterans.name, exact=True).check()
    page.get_by_label("Ngày có hiệu lực").fill("2025-08-01")
    page.get_by_label("Hợp nhất vào tổ chức đã có").select_option(str(front.pk))
    page.get_by_label("Ghi chú").fill("Quyết định hợp nhất (minh họa)")
    page.get_by_role("button", name="Hợp nhất").click()

    expect(page.locator(".alert-success")).to_contain_text("Đã hợp nhất 2 tổ chức vào")
    rows = page.get_by_role("table")
    expect(rows).to_contain_text("ngừng hoạt động từ 1/8/2025")

    # A page about a past period shows the organizations under their names of then.
    page.goto("/organizations/?on=2024-06-30")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Hội Nông dân tỉnh Lâm Giang")
    expect(table).to_contain_text("Hội Cựu chiến binh tỉnh Lâm Giang")
    expect(table).to_contain_text("Ban Dân vận Tỉnh ủy")
    expect(table).not_to_contain_text("Ban Tuyên giáo và Dân vận Tỉnh ủy")

    page.goto("/organizations/")
    expect(page.get_by_role("table")).not_to_contain_text("Hội Nông dân tỉnh Lâm Giang")
    page.get_by_role("link", name="Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Giang").click()
    mergers = page.locator(".card", has=page.get_by_role("heading", name="Hợp nhất"))
    expect(mergers).to_contain_text("Hình thành từ")
    expect(mergers).to_contain_text("Hội Nông dân tỉnh Lâm Giang")
    expect(mergers).to_contain_text("Hội Cựu chiến binh tỉnh Lâm Giang")
    expect(mergers).to_contain_text("từ ngày 1/8/2025")
