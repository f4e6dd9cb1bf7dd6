"""A full two-quarter cycle: quý I gives three directives; at quý II one is done on time,
one done late, one carried over; the dashboard and the board show exactly that."""

import re

from playwright.sync_api import expect

from tests.factories import make_meeting


def test_two_quarters(sign_in, world):
    import datetime as dt

    q1 = make_meeting(world.lam_giang, "2024-Q1", held_on=dt.date(2024, 4, 19))
    staff = sign_in("trang")

    # Quý I: the conclusion gives three directives to the Front, then is issued.
    staff.goto(q1.get_absolute_url())
    staff.get_by_role("link", name="Nhập kết luận").click()
    staff.get_by_label("Số thông báo").fill("45-TB/TU")
    staff.get_by_label("Ngày ban hành").fill("2024-04-22")
    for index, text in enumerate(["Tổng hợp kiến nghị", "Tổ chức giám sát", "Chuẩn bị Đại hội"]):
        staff.get_by_role("button", name="Thêm nhiệm vụ").click()
        staff.locator(f"textarea[name='directives-{index}-text']").fill(text)
        staff.locator(f"select[name='directives-{index}-lead']").select_option(
            label="Ủy ban MTTQ Việt Nam tỉnh Lâm Giang"
        )
    staff.get_by_role("button", name="Lưu").click()
    staff.get_by_role("button", name="Ban hành kết luận").click()
    expect(staff.get_by_role("heading", name="Ban hành kết luận", level=1)).to_be_visible()
    staff.get_by_role("button", name="Ban hành kết luận").click()
    expect(staff.locator(".alert-success")).to_contain_text("Đã ban hành kết luận")

    # Quý II: a new meeting from the last one.
    staff.get_by_role("link", name="Tạo hội nghị kỳ tiếp theo").click()
    staff.get_by_label("Ngày họp", exact=True).fill("2024-07-15")
    staff.get_by_role("button", name="Lưu").click()
    expect(staff.get_by_role("heading", name="Hội nghị giao ban quý II/2024")).to_be_visible()
    q2_url = staff.url

    # The Front reports: one done on time, one done late, one left open.
    reporter = sign_in("khoi")
    reporter.goto(q2_url)
    reporter.locator(f"#report-{world.front.pk}").get_by_role("link", name="Nhập báo cáo").click()
    expect(reporter.get_by_text("Kết quả thực hiện kết luận kỳ trước")).to_be_visible()
    reporter.get_by_role("textbox", name="Kết quả đạt được").click()
    reporter.keyboard.type("Hoàn thành các nhiệm vụ trọng tâm quý II.")
    reporter.locator("select[name='followup-0-progress']").select_option("done")
    reporter.locator("input[name='followup-0-completed_on']").fill("2024-06-20")
    reporter.locator("select[name='followup-1-progress']").select_option("done")
    reporter.locator("input[name='followup-1-completed_on']").fill("2024-07-05")
    reporter.get_by_role("button", name="Lưu và gửi").click()
    expect(reporter.locator(".alert-success")).to_contain_text("Đã gửi báo cáo")

    # The quý II conclusion carries the third one over, which takes effect when it is
    # issued (a draft changes nothing else).
    staff.goto(q2_url)
    staff.get_by_role("link", name="Nhập kết luận").click()
    # The earlier directives are folded under the new ones (issue 18).
    staff.get_by_text("Nhiệm vụ của các kết luận trước chưa hoàn thành (1)").click()
    expect(staff.get_by_text("Chuẩn bị Đại hội")).to_be_visible()
    staff.get_by_label("Số thông báo").fill("52-TB/TU")
    staff.get_by_label("Ngày ban hành").fill("2024-07-18")
    staff.locator("select[name='previous-0-action']").select_option("carry")
    staff.get_by_role("button", name="Lưu").click()
    expect(staff.locator(".alert-success")).to_contain_text("Đã lưu kết luận")
    staff.get_by_role("button", name="Ban hành kết luận").click()
    expect(staff.get_by_role("heading", name="Ban hành kết luận", level=1)).to_be_visible()
    staff.get_by_role("button", name="Ban hành kết luận").click()
    expect(staff.locator(".alert-success")).to_contain_text("Đã ban hành kết luận")

    # The leader's dashboard and board show exactly that.
    leader = sign_in("bao")
    chips = leader.locator(".status-counts")
    expect(chips).to_contain_text("1 Hoàn thành đúng hạn")
    expect(chips).to_contain_text("1 Hoàn thành quá hạn")
    expect(chips).to_contain_text("1 Chuyển kỳ sau")
    # Its copy in quý II's conclusion was due at the end of quý III/2024: long past today.
    expect(chips).to_contain_text("1 Quá hạn chưa hoàn thành")
    leader.get_by_role("link", name="Nhiệm vụ được giao").click()
    rows = leader.locator("table.board tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.filter(has_text="Tổng hợp kiến nghị")).to_contain_text("Hoàn thành đúng hạn")
    expect(rows.filter(has_text="Tổ chức giám sát")).to_contain_text("Hoàn thành quá hạn")
    carried = rows.filter(has_text="Chuẩn bị Đại hội")
    expect(carried).to_have_count(2)
    expect(carried.filter(has_text="Chuyển kỳ sau")).to_have_count(1)
    expect(carried.filter(has_text="Quá hạn chưa hoàn thành")).to_have_count(1)
    leader.locator("select[name='status']").select_option("done_late")
    leader.get_by_role("button", name="Lọc").click()
    expect(leader).to_have_url(re.compile(r"status=done_late"))
    expect(leader.locator("table.board tbody tr")).to_have_count(1)
