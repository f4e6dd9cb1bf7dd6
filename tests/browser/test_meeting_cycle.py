"""Staff enter a meeting, two reports and a conclusion; a reporter submits; a leader reads."""

from playwright.sync_api import expect

from meetings.models import Directive, Meeting, Report
from tests.factories import make_organization


def test_a_quarter_from_meeting_to_printed_conclusion(sign_in, world):
    make_organization(world.lam_giang, "Ban Dân vận Tỉnh ủy", kind="party_body")

    # Staff create the meeting of quý II/2024.
    page = sign_in("trang")
    page.get_by_role("link", name="Hội nghị").click()
    page.get_by_role("link", name="Tạo hội nghị").click()
    page.get_by_label("Kỳ*").select_option("Q2")
    page.get_by_label("Năm*").fill("2024")
    page.get_by_label("Ngày họp", exact=True).fill("2024-07-10")
    page.get_by_label("Người chủ trì", exact=True).fill("Phạm Minh Đức")
    page.get_by_label("Chức vụ đầy đủ của người chủ trì").fill(
        "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh"
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Hội nghị giao ban quý II/2024")).to_be_visible()
    meeting = Meeting.objects.get()

    # Two reports: the Front's kept as a draft, the Farmers' submitted with a proposal.
    page.locator(f"#report-{world.front.pk}").get_by_role("link", name="Nhập báo cáo").click()
    page.get_by_role("textbox", name="Kết quả đạt được").click()
    page.keyboard.type("Thực hiện Công văn số 4934-CV/TU, vận động Quỹ Vì người nghèo.")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu báo cáo")

    page.locator(f"#report-{world.farmers.pk}").get_by_role("link", name="Nhập báo cáo").click()
    page.get_by_role("textbox", name="Kết quả đạt được").click()
    page.keyboard.type("Tổ chức 45 lớp tập huấn cho hội viên.")
    page.get_by_role("button", name="Thêm kiến nghị").click()
    page.locator("textarea[name='proposals-0-text']").fill("Đề nghị hỗ trợ kinh phí tập huấn.")
    page.locator("input[name='proposals-0-addressed_to']").fill("UBND tỉnh")
    page.get_by_role("button", name="Lưu và gửi").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi báo cáo")

    # The conclusion with two directives: one to Ban Dân vận, one to all organizations.
    page.get_by_role("link", name="Nhập kết luận").click()
    page.get_by_label("Số thông báo").fill("45-TB/TU")
    page.get_by_label("Ngày ban hành").fill("2024-07-12")
    page.get_by_role("textbox", name="Đánh giá kết quả trong kỳ").click()
    page.keyboard.type("Ghi nhận những nỗ lực, kết quả của Mặt trận và các đoàn thể.")
    page.get_by_role("button", name="Thêm nhiệm vụ").click()
    page.locator("textarea[name='directives-0-text']").fill(
        "Giao Ban Dân vận Tỉnh ủy tổng hợp những kiến nghị, đề xuất để báo cáo Thường trực Tỉnh ủy."
    )
    page.locator("select[name='directives-0-lead']").select_option(label="Ban Dân vận Tỉnh ủy")
    page.get_by_role("button", name="Thêm nhiệm vụ").click()
    page.locator("textarea[name='directives-1-text']").fill(
        "Chuẩn bị tốt các điều kiện tổ chức Đại hội đại biểu MTTQ Việt Nam tỉnh lần thứ XI."
    )
    page.locator("input[name='directives-1-to_all_organizations']").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu kết luận")
    assert Directive.objects.count() == 2

    # The Front's reporter submits its own report.
    reporter = sign_in("khoi")
    reporter.goto(meeting.get_absolute_url())
    reporter.locator(f"#report-{world.front.pk}").get_by_role("link", name="Sửa báo cáo").click()
    expect(reporter.get_by_role("textbox", name="Kết quả đạt được")).to_contain_text("4934-CV/TU")
    reporter.get_by_role("button", name="Lưu và gửi").click()
    expect(reporter.locator(f"#report-{world.front.pk} .status")).to_have_text("Đã gửi")
    assert set(Report.objects.values_list("status", flat=True)) == {"submitted"}

    # The leader reads the printable page.
    leader = sign_in("bao")
    leader.goto(meeting.get_absolute_url())
    expect(leader.get_by_role("link", name="Sửa thông tin hội nghị")).to_have_count(0)
    leader.get_by_role("link", name="Bản in").click()
    expect(leader.get_by_role("heading", name="Kết luận")).to_be_visible()
    expect(leader.locator("table.directives")).to_contain_text("Ban Dân vận Tỉnh ủy")
    expect(leader.locator("table.directives")).to_contain_text("Tất cả các tổ chức")
    expect(leader.locator("main")).to_contain_text("Tổ chức 45 lớp tập huấn cho hội viên.")
    expect(leader.locator("main")).to_contain_text("Văn bản được trích dẫn: Công văn số 4934-CV/TU")
    expect(leader.locator("nav.navbar")).to_have_count(0)
