"""Typed text survives: leaving a changed form warns, report and conclusion drafts are kept
on the server while typing and come back, and a form sent after the session or its token
expired is given back, filled in, after signing in again."""

from __future__ import annotations

import datetime as dt
import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Conclusion, Report
from tests.browser.conftest import PERSONA_PASSWORD, RESULTS_DIR
from tests.factories import make_meeting

RESULTS = Path(RESULTS_DIR)
REPORT_TEXT = "Vận động Quỹ Vì người nghèo được 1,2 tỷ đồng; tổ chức 45 lớp tập huấn."
SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def fast_drafts(settings):
    """Drafts are saved one second after a change, so that the tests wait for the line
    "Đã lưu nháp lúc" instead of 30 seconds."""
    settings.GIAOBAN_DRAFT_SECONDS = 1


def shoot(page, name: str) -> None:
    """Screenshots of the typed-text notices at a laptop's and a phone's size."""
    RESULTS.mkdir(exist_ok=True)
    size = page.viewport_size
    for label, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(RESULTS / f"typed-text-{name}-{label}.png"))
    page.set_viewport_size(size)


def expire_session(page) -> None:
    """End the browser's session on the server, as 15 idle minutes would."""
    store = import_module(django_settings.SESSION_ENGINE).SessionStore
    for cookie in page.context.cookies():
        if cookie["name"] == django_settings.SESSION_COOKIE_NAME:
            store(session_key=cookie["value"]).delete()


def sign_in_again(page, username: str) -> None:
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_half_typed_report_warns_before_leaving_and_comes_back(
    sign_in, world, meeting, fast_drafts
):
    page = sign_in("khoi")
    url = f"/meetings/{meeting.pk}/reports/{world.front.pk}/"
    page.goto(url)
    page.get_by_role("textbox", name="Kết quả đạt được").click()
    page.keyboard.type(REPORT_TEXT)
    expect(page.get_by_text(re.compile(r"Đã lưu nháp lúc \d{1,2}:\d{2}"))).to_be_visible()
    # The line follows the last change: wait for the save of the whole text.
    expect(page.locator("[data-draft-status]")).to_have_attribute("data-saved", "current")
    shoot(page, "draft-saved")

    dialogs: list[str] = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.get_by_role("link", name="Hủy").click()
    expect(page.get_by_role("textbox", name="Kết quả đạt được")).to_contain_text("1,2 tỷ")
    assert dialogs == ["beforeunload"]

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="Hủy").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting.pk}/$"))
    assert not Report.objects.exists()  # a draft is not the report

    page.goto(url)
    expect(page.get_by_role("textbox", name="Kết quả đạt được")).to_contain_text(REPORT_TEXT)
    notice = page.locator("[data-draft-notice]")
    expect(notice).to_contain_text("bản nháp")
    shoot(page, "draft-restored")

    # Discarding the draft brings back what is stored (nothing), without asking to leave.
    notice.get_by_role("button", name="Bỏ bản nháp").click()
    expect(page.locator("[data-draft-notice]")).to_be_hidden()
    expect(page.get_by_role("textbox", name="Kết quả đạt được")).to_have_text("")


def test_nothing_changed_leaves_without_a_warning(sign_in, world, meeting):
    page = sign_in("khoi")
    page.goto(f"/meetings/{meeting.pk}/reports/{world.front.pk}/")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.get_by_role("textbox", name="Kết quả đạt được").click()
    page.get_by_role("link", name="Hủy").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting.pk}/$"))
    assert dialogs == []


def test_saving_a_typed_report_does_not_ask_to_leave_and_forgets_the_draft(
    sign_in, world, meeting, fast_drafts
):
    page = sign_in("khoi")
    url = f"/meetings/{meeting.pk}/reports/{world.front.pk}/"
    page.goto(url)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.get_by_role("textbox", name="Kết quả đạt được").click()
    page.keyboard.type(REPORT_TEXT)
    expect(page.locator("[data-draft-status]")).to_have_attribute("data-saved", "current")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu báo cáo")
    assert dialogs == []
    page.goto(url)
    expect(page.get_by_role("textbox", name="Kết quả đạt được")).to_contain_text(REPORT_TEXT)
    expect(page.locator("[data-draft-notice]")).to_be_hidden()


def test_b_a_conclusion_with_two_directives_comes_back_from_the_draft(
    sign_in, world, meeting, dan_van, fast_drafts
):
    page = sign_in("trang")
    url = f"/meetings/{meeting.pk}/conclusion/"
    page.goto(url)
    page.get_by_label("Số thông báo").fill("45-TB/TU")
    page.get_by_role("textbox", name="Đánh giá kết quả trong kỳ").click()
    page.keyboard.type("Ghi nhận những nỗ lực của Mặt trận và các đoàn thể.")
    page.get_by_role("button", name="Thêm nhiệm vụ").click()
    page.locator("textarea[name='directives-0-text']").fill(
        "Giao Ban Dân vận Tỉnh ủy tổng hợp những kiến nghị, đề xuất."
    )
    page.locator("select[name='directives-0-lead']").select_option(label="Ban Dân vận Tỉnh ủy")
    page.get_by_role("button", name="Thêm nhiệm vụ").click()
    page.locator("textarea[name='directives-1-text']").fill(
        "Chuẩn bị tốt các điều kiện tổ chức Đại hội đại biểu MTTQ Việt Nam tỉnh lần thứ XI."
    )
    page.locator("input[name='directives-1-to_all_organizations']").check()
    expect(page.get_by_text(re.compile("Đã lưu nháp lúc"))).to_be_visible()
    # The status line follows the last change: wait for the save of the last field.
    expect(page.locator("[data-draft-status]")).to_have_attribute("data-saved", "current")

    dialogs: list[str] = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.get_by_role("link", name="Hủy").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting.pk}/$"))
    assert dialogs == ["beforeunload"]
    assert not Conclusion.objects.exists()

    page.goto(url)
    expect(page.locator("[data-draft-notice]")).to_be_visible()
    expect(page.get_by_label("Số thông báo")).to_have_value("45-TB/TU")
    expect(page.get_by_role("textbox", name="Đánh giá kết quả trong kỳ")).to_contain_text(
        "Ghi nhận những nỗ lực"
    )
    expect(page.locator("textarea[name='directives-0-text']")).to_have_value(
        "Giao Ban Dân vận Tỉnh ủy tổng hợp những kiến nghị, đề xuất."
    )
    expect(page.locator("select[name='directives-0-lead']")).to_have_value(str(dan_van.pk))
    expect(page.locator("textarea[name='directives-1-text']")).to_have_value(
        re.compile("lần thứ XI")
    )
    expect(page.locator("input[name='directives-1-to_all_organizations']")).to_be_checked()

    # Saved from the restored draft: both directives are stored.
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu kết luận")
    assert Conclusion.objects.get().directives.count() == 2


def test_c_a_report_sent_after_the_session_expired_comes_back_after_sign_in(
    sign_in, world, meeting
):
    page = sign_in("khoi")
    url = f"/meetings/{meeting.pk}/reports/{world.front.pk}/"
    page.goto(url)
    page.get_by_role("textbox", name="Kết quả đạt được").click()
    page.keyboard.type(REPORT_TEXT)
    expire_session(page)

    page.get_by_role("button", name="Lưu nháp").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    # Back from the sign-in page does not lose it either.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    sign_in_again(page, "khoi")

    expect(page).to_have_url(re.compile(rf"{url}$"))
    expect(page.get_by_role("textbox", name="Kết quả đạt được")).to_contain_text(REPORT_TEXT)
    expect(page.locator(".alert").first).to_contain_text("kiểm tra")
    shoot(page, "kept-form")
    assert not Report.objects.exists()  # nothing is saved automatically
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu báo cáo")
    assert REPORT_TEXT in Report.objects.get().results


def test_d_a_report_sent_with_an_expired_form_token_comes_back_after_sign_in(
    sign_in, world, meeting
):
    page = sign_in("khoi")
    url = f"/meetings/{meeting.pk}/reports/{world.front.pk}/"
    page.goto(url)
    page.get_by_role("textbox", name="Kết quả đạt được").click()
    page.keyboard.type(REPORT_TEXT)
    expire_session(page)
    page.context.clear_cookies(name=django_settings.CSRF_COOKIE_NAME)

    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("heading", name="Biểu mẫu đã hết hạn")).to_be_visible()
    expect(page.locator("main")).to_contain_text("được giữ lại")
    shoot(page, "expired-form")
    page.get_by_role("link", name="Đăng nhập lại").click()
    sign_in_again(page, "khoi")

    expect(page).to_have_url(re.compile(rf"{url}$"))
    expect(page.get_by_role("textbox", name="Kết quả đạt được")).to_contain_text(REPORT_TEXT)
    assert not Report.objects.exists()


def test_typing_into_a_form_keeps_the_session_alive(sign_in, world, meeting, settings):
    from django.contrib.sessions.models import Session

    settings.GIAOBAN_KEEP_ALIVE_SECONDS = 1
    settings.SESSION_REFRESH_SECONDS = 0
    page = sign_in("trang")
    page.goto(f"/meetings/{meeting.pk}/edit/")
    key = next(
        c["value"]
        for c in page.context.cookies()
        if c["name"] == django_settings.SESSION_COOKIE_NAME
    )
    # A minute left before the idle limit ends it.
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=1)
    )
    page.evaluate(
        "document.addEventListener('giaoban:kept-alive',"
        " () => { document.body.dataset.keptAlive = 'yes'; })"
    )

    page.get_by_label("Địa điểm").fill("Hội trường Tỉnh ủy")
    expect(page.locator("body")).to_have_attribute("data-kept-alive", "yes")

    left = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert left.total_seconds() > django_settings.SESSION_COOKIE_AGE - 60


def test_e_a_restored_conclusion_ticks_its_co_assignees_and_opens_the_earlier_fold(
    sign_in, world, issued, dan_van, fast_drafts
):
    """A draft holding co-assignees ticked in a list of checkboxes, and a choice made on
    an earlier directive inside the fold (issue 18): both come back, the fold open so
    that what was chosen in it is in sight, its count following."""
    issued()  # quý I/2024, three directives still open
    meeting = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 15))
    page = sign_in("trang")
    url = f"/meetings/{meeting.pk}/conclusion/"
    page.goto(url)
    fold = page.locator("details#earlier")
    expect(fold).not_to_have_attribute("open", "")
    page.get_by_role("button", name="Thêm nhiệm vụ").click()
    page.locator("textarea[name='directives-0-text']").fill("Tổng hợp kiến nghị, đề xuất.")
    page.locator("select[name='directives-0-lead']").select_option(label="Ban Dân vận Tỉnh ủy")
    row = page.locator("[data-formset-row]").first
    row.get_by_label(world.farmers.name).check()
    row.get_by_label(world.front.name).check()
    fold.locator("summary").click()
    page.locator("select[name='previous-1-action']").select_option("carry")
    fold.locator("summary").click()  # folded again before leaving
    expect(fold).not_to_have_attribute("open", "")
    expect(page.locator("[data-draft-status]")).to_have_attribute("data-saved", "current")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="Hủy").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting.pk}/$"))

    page.goto(url)
    expect(page.locator("[data-draft-notice]")).to_be_visible()
    row = page.locator("[data-formset-row]").first
    expect(row.get_by_label(world.farmers.name)).to_be_checked()
    expect(row.get_by_label(world.front.name)).to_be_checked()
    expect(fold).to_have_attribute("open", "")
    earlier = page.locator("select[name='previous-1-action']")
    expect(earlier).to_have_value("carry")
    expect(earlier).to_be_visible()
    expect(fold.locator("summary")).to_contain_text("1 nhiệm vụ đã đánh dấu")
    shoot(page, "conclusion-restored")

    # Saved from the restored draft: the co-assignees and the earlier choice are kept.
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu kết luận")
    directives = Conclusion.objects.get(meeting=meeting).directives
    assert directives.count() == 2  # the new one and the one carried over
    directive = directives.get(text="Tổng hợp kiến nghị, đề xuất.")
    assert sorted((a.organization_id, a.is_lead) for a in directive.assignments.all()) == sorted(
        [(dan_van.pk, True), (world.front.pk, False), (world.farmers.pk, False)]
    )
