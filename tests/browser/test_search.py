"""Staff type a question without diacritics in the navigation bar and land on what was said."""

import datetime as dt

from playwright.sync_api import expect

from tests.factories import make_meeting, make_report


def test_search_from_the_navigation_bar(sign_in, world):
    meeting = make_meeting(world.lam_giang, "2024-Q1", held_on=dt.date(2024, 4, 19))
    make_report(
        meeting,
        world.front,
        status="accepted",
        next_tasks="<p>Chuẩn bị tốt Đại hội đại biểu MTTQ Việt Nam tỉnh lần thứ XI.</p>",
    )
    staff = sign_in("trang")

    staff.get_by_placeholder("Tìm trong các hội nghị").fill("dai hoi mttq")
    staff.keyboard.press("Enter")

    result = staff.locator(".search-results li").first
    expect(result).to_contain_text("Nhiệm vụ trọng tâm kỳ tới")
    expect(result.locator("mark")).to_have_text(["Đại", "hội", "đại", "MTTQ"])
    result.get_by_role("link", name="Hội nghị giao ban quý I/2024").click()
    expect(staff.get_by_role("heading", name="Hội nghị giao ban quý I/2024")).to_be_visible()
