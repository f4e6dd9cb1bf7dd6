"""Staff write a conclusion with the inputs of issue 18: a date typed day first, another
picked from the calendar, co-assignees found by filtering their list and ticked; saved."""

import datetime as dt
import re

from django.urls import reverse
from playwright.sync_api import expect

from meetings.models import Conclusion, Directive
from tests.factories import make_organization


def test_dates_typed_and_picked_and_co_assignees_filtered_are_saved(sign_in, world, meeting):
    dan_van = make_organization(world.lam_giang, "Ban Dân vận Tỉnh ủy", kind="party_body")
    page = sign_in("trang")
    page.goto(reverse("conclusions:edit", args=[meeting.pk]))
    page.get_by_label("Số thông báo").fill("45-TB/TU")
    # Typed as Vietnamese write it.
    issued = page.get_by_label("Ngày ban hành")
    expect(issued).to_have_attribute("placeholder", "ngày/tháng/năm")
    issued.fill("22/4/2024")
    page.get_by_role("textbox", name="Đánh giá kết quả trong kỳ").click()
    page.keyboard.type("Ghi nhận những nỗ lực của Mặt trận và các đoàn thể.")

    page.get_by_role("button", name="Thêm nhiệm vụ").click()
    page.locator("textarea[name='directives-0-text']").fill("Tổng hợp kiến nghị, đề xuất.")
    page.locator("select[name='directives-0-lead']").select_option(label="Ban Dân vận Tỉnh ủy")
    expect(page.locator("select[name='directives-0-due_period'] option").first).to_have_text(
        "— Chọn —"
    )

    # The co-assignees: filtered by typing without diacritics, then ticked.
    row = page.locator("[data-formset-row]").first
    search = row.get_by_role("searchbox", name="Lọc danh sách")
    search.fill("hoi nong")
    farmers = row.get_by_label(world.farmers.name)
    front = row.get_by_label(world.front.name)
    expect(front).to_be_hidden()
    farmers.check()
    search.fill("mttq")
    expect(row.get_by_label(world.farmers.name)).to_be_visible()  # ticked: kept in view
    front.check()

    # The due date picked from the calendar: the day 30 of the month shown.
    due = page.locator("input[name='directives-0-due_date']")
    due.click()
    calendar = page.locator(".datepicker.active")
    expect(calendar).to_be_visible()
    expect(calendar.locator(".days-of-week")).to_contain_text("T2")
    calendar.locator(".datepicker-cell.day:not(.prev):not(.next)", has_text="30").click()
    expect(due).to_have_value(re.compile(r"^30/\d{1,2}/\d{4}$"))
    picked = due.input_value()

    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu kết luận")
    conclusion = Conclusion.objects.get(meeting=meeting)
    assert conclusion.issued_on == dt.date(2024, 4, 22)
    directive = Directive.objects.get(conclusion=conclusion)
    day, month, year = map(int, picked.split("/"))
    assert directive.due_date == dt.date(year, month, day)
    assert sorted((a.organization_id, a.is_lead) for a in directive.assignments.all()) == sorted(
        [(dan_van.pk, True), (world.front.pk, False), (world.farmers.pk, False)]
    )
