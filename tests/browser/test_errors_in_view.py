"""Issue 18: after a refused submit the error summary is in view and focused; after a
successful one the success message is in view; returning a report asks for a reason."""

from playwright.sync_api import expect

from meetings.models import Report
from tests.factories import make_report


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        """e => { const r = e.getBoundingClientRect();
                  return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""",
    )


def test_a_refused_report_shows_its_summary_focused_and_a_sent_one_its_message(
    sign_in, world, meeting
):
    page = sign_in("khoi")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"/meetings/{meeting.pk}/reports/{world.front.pk}/")
    page.get_by_role("textbox", name="Kết quả đạt được").click()
    page.keyboard.type("Tổ chức 45 lớp tập huấn cho hội viên.")
    page.get_by_role("button", name="Thêm kiến nghị").click()
    page.locator("input[name='proposals-0-addressed_to']").fill("UBND tỉnh")  # no text
    page.get_by_role("button", name="Lưu và gửi").click()

    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Chưa lưu được")
    expect(summary).to_be_focused()
    assert in_viewport(page, "#error-summary")
    summary.get_by_role("link").first.click()
    expect(page.locator("textarea[name='proposals-0-text']")).to_be_focused()

    page.locator("textarea[name='proposals-0-text']").fill("Đề nghị hỗ trợ kinh phí tập huấn.")
    page.get_by_role("button", name="Lưu và gửi").click()

    expect(page.locator(".alert-success")).to_contain_text("Đã gửi báo cáo")
    assert in_viewport(page, ".alert-success")
    assert Report.objects.get().status == "submitted"


def test_returning_a_report_asks_for_a_reason_then_the_reporter_reads_it(sign_in, world, meeting):
    make_report(meeting, world.front, status="submitted", results="<p>Kết quả.</p>")
    staff = sign_in("trang")
    staff.goto(meeting.get_absolute_url())
    staff.locator(f"#report-{world.front.pk}").get_by_role("button", name="Trả lại để sửa").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Trả lại báo cáo")
    staff.get_by_role("button", name="Trả lại báo cáo").click()  # no reason yet
    expect(staff.locator("#error-summary")).to_be_focused()
    assert Report.objects.get().status == "submitted"
    staff.get_by_label("Lý do trả lại").fill("Bổ sung số liệu kết nạp hội viên.")
    staff.get_by_role("button", name="Trả lại báo cáo").click()
    expect(staff.locator(".alert-success")).to_contain_text("Đã trả lại báo cáo")
    assert in_viewport(staff, ".alert-success")

    reporter = sign_in("khoi")
    expect(reporter.locator("main")).to_contain_text("Bị trả lại")
    expect(reporter.locator("main")).to_contain_text("Bổ sung số liệu kết nạp hội viên.")


def test_on_a_phone_a_refused_report_opens_on_its_summary_in_view_and_focused(
    sign_in, world, meeting
):
    page = sign_in("khoi")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/meetings/{meeting.pk}/reports/{world.front.pk}/")
    page.get_by_role("button", name="Thêm kiến nghị").click()
    page.locator("input[name='proposals-0-addressed_to']").fill("UBND tỉnh")  # no text
    page.get_by_role("button", name="Lưu và gửi").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert in_viewport(page, "#error-summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/guard-phone-summary.png")
    summary.get_by_role("link").first.click()
    expect(page.locator("textarea[name='proposals-0-text']")).to_be_focused()


def test_a_wrong_password_is_announced_at_the_top_and_focused(page, world):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("khoi")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()

    summary = page.locator("#error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    assert in_viewport(page, "#error-summary")
