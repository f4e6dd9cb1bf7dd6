"""Staff choose the second of their committees on the new-meeting page: the attendance
table follows without a reload, what they tick is saved."""

from playwright.sync_api import expect

from meetings.models import Attendance, Meeting
from organizations.models import RoleKind
from tests.factories import make_role


def test_attendance_of_the_second_committee_is_saved(sign_in, world):
    make_role(world.trang, world.commune, RoleKind.STAFF)  # listed before Lâm Giang
    page = sign_in("trang")
    page.goto("/meetings/new/")
    table = page.locator("[data-attendance-rows]")
    expect(table).to_contain_text("Ủy ban MTTQ Việt Nam xã Tân Hòa")
    page.get_by_label("Người dự: Ủy ban MTTQ Việt Nam xã Tân Hòa").fill("đồng chí Lê Văn Tâm")

    page.get_by_label("Cấp ủy*").select_option(label="Tỉnh ủy Lâm Giang")
    expect(table).to_contain_text("Hội Nông dân tỉnh Lâm Giang")
    expect(table).not_to_contain_text("Tân Hòa")
    page.get_by_label("Có mặt: Ủy ban MTTQ Việt Nam tỉnh Lâm Giang").check()
    page.get_by_label("Người dự: Ủy ban MTTQ Việt Nam tỉnh Lâm Giang").fill(
        "đồng chí Vũ Minh Khôi, Phó Chủ tịch"
    )
    page.get_by_label("Được mời: Hội Nông dân tỉnh Lâm Giang").uncheck()

    # Back and forth: what was typed for each committee's organizations is still there.
    page.get_by_label("Cấp ủy*").select_option(label="Đảng ủy xã Tân Hòa")
    expect(page.get_by_label("Người dự: Ủy ban MTTQ Việt Nam xã Tân Hòa")).to_have_value(
        "đồng chí Lê Văn Tâm"
    )
    page.get_by_label("Cấp ủy*").select_option(label="Tỉnh ủy Lâm Giang")
    expect(page.get_by_label("Có mặt: Ủy ban MTTQ Việt Nam tỉnh Lâm Giang")).to_be_checked()

    page.get_by_label("Kỳ*").select_option("Q2")
    page.get_by_label("Năm*").fill("2024")
    page.get_by_label("Ngày họp", exact=True).fill("2024-07-10")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", name="Hội nghị giao ban quý II/2024")).to_be_visible()
    meeting = Meeting.objects.get()
    assert meeting.committee == world.lam_giang
    assert list(
        Attendance.objects.filter(meeting=meeting).values_list(
            "organization", "present", "representatives"
        )
    ) == [(world.front.pk, True, "đồng chí Vũ Minh Khôi, Phó Chủ tịch")]
