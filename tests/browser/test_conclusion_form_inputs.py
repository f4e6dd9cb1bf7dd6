"""Staff write a conclusion with the inputs of issue 18: a date typed day first, another
picked from the calendar, co-assignees found by filtering their list and ticked; saved."""

import datetime as dt
import re

from django.urls import reverse
from playwright.sync_api import expect

from meetings.models import Conclusion, Directive
from tests.browser.conftest import PERSONA_PASSWORD
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


def test_on_a_phone_the_calendar_fits_the_screen_and_reads_dates_typed_with_dots(
    browser, live_server, world, meeting
):
    """At 390×844 and at 320 px: the calendar of a date field on the left and of one on
    the right of a row stays inside the screen; a date typed 19.4.2024 or 19-4-2024 opens
    it on that day (and is written back 19/4/2024); the co-assignees' rows are 44 px,
    for a finger."""
    for width, height in ((390, 844), (320, 700)):
        context = browser.new_context(
            base_url=live_server.url,
            locale="vi-VN",
            viewport={"width": width, "height": height},
            is_mobile=True,
            has_touch=True,
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill("trang")
        page.get_by_label("Mật khẩu").fill(PERSONA_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.locator("#user-menu")).to_be_attached()
        page.goto(reverse("conclusions:edit", args=[meeting.pk]))
        page.get_by_role("button", name="Thêm nhiệm vụ").click()
        row = page.locator("[data-formset-row]").first
        item = row.locator(".choice-list-items .form-check").first
        assert item.bounding_box()["height"] >= 44, width

        for name, typed in (("issued_on", "19.4.2024"), ("directives-0-due_date", "19-4-2024")):
            field = page.locator(f"input[name='{name}']")
            field.fill(typed)
            field.click()
            calendar = page.locator(".datepicker.active .datepicker-picker")
            expect(calendar).to_be_visible()
            expect(calendar.locator(".view-switch")).to_have_text("Tháng 4 2024")
            expect(calendar.locator(".datepicker-cell.selected")).to_have_text("19")
            page.wait_for_function(
                "() => { const b = document.querySelector('.datepicker.active "
                ".datepicker-picker').getBoundingClientRect();"
                " return b.left >= 0 && b.right <= document.documentElement.clientWidth; }"
            )
            page.keyboard.press("Escape")
            expect(calendar).to_be_hidden()
            # The same day, written back as the app writes dates.
            expect(field).to_have_value("19/4/2024")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        context.close()
