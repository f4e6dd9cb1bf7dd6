"""Every key page, for each role, passes axe-core with no serious or critical violation.

axe-core (tests/browser/vendor/axe-core/, from the npm package) is injected into the
page and run on the whole document, at desktop size and on a phone (390×844), on the
demo province
(giaoban/demo.py), where every key page has content: meetings with reports, issued
conclusions, directives, proposals.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from giaoban.demo import DEMO_PASSWORD, load_demo_data
from meetings.models import Conclusion, Meeting, MeetingStatus
from organizations.models import Organization

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def violations(page) -> list[dict]:
    """axe's serious and critical violations on the page as it stands."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [violation for violation in found if violation["impact"] in BLOCKING]


def described(path: str, found: list[dict]) -> str:
    lines = [f"{path}: {len(found)} serious or critical violation(s)"]
    for violation in found:
        targets = [" ".join(node["target"]) for node in violation["nodes"][:5]]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}; "
            f"{len(violation['nodes'])} element(s): {targets}"
            + (f" and {more} more" if more else "")
        )
    return "\n".join(lines)


@pytest.fixture
def demo(transactional_db):
    load_demo_data()
    held = Meeting.objects.filter(status=MeetingStatus.CONCLUDED).order_by("-held_on").first()
    planned = Meeting.objects.filter(status=MeetingStatus.PLANNED).order_by("-pk").first()
    front = Organization.objects.filter(kind="front", committee=held.committee).first()
    # A conclusion being written: the meeting page offers to issue it.
    Conclusion.objects.get_or_create(meeting=planned, defaults={"status": "draft"})
    return {"held": held, "planned": planned or held, "front": front}


def pages_of(role: str, demo) -> list[str]:
    held, planned, front = demo["held"], demo["planned"], demo["front"]
    common = [
        "/",
        "/meetings/",
        f"/meetings/{held.pk}/",
        "/tracking/board/",
        "/tracking/board/?status=overdue&sort=overdue",
        f"/organizations/{front.pk}/",
        "/search/?q=dan+van",
        "/accounts/sessions/",
        "/account/",
        "/notifications/",
    ]
    if role in ("canbo", "baocaovien"):
        common.append(f"/meetings/{planned.pk}/reports/{front.pk}/")
    if role == "canbo":
        common += [
            "/meetings/new/",
            f"/meetings/{planned.pk}/edit/",
            f"/meetings/{planned.pk}/conclusion/",
            f"/meetings/{held.pk}/conclusion/",
            "/tracking/proposals/",
        ]
    if role == "lanhdao":
        common += ["/tracking/dashboard/", "/tracking/proposals/", f"/meetings/{held.pk}/print/"]
    if role == "quantri":
        common += [
            "/organizations/manage/",
            "/organizations/manage/people/",
            "/organizations/manage/people/new/",
            "/organizations/manage/organizations/new/",
            "/organizations/manage/import/",
            "/organizations/manage/committee/move/",
            "/organizations/manage/committee/merge/",
        ]
    return common


SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("role", ["canbo", "baocaovien", "lanhdao", "quantri"])
def test_key_pages_have_no_serious_violation(browser, live_server, demo, role, size):
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport=SIZES[size],
        bypass_csp=True,  # axe is injected as a script of the page; the app allows none
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(role)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        # In the menu on a desktop, folded under its button on a phone.
        expect(page.locator("#user-menu")).to_have_count(1)
        failures = []
        for path in pages_of(role, demo):
            response = page.goto(path)
            assert response is not None and response.status == 200, (path, response)
            found = violations(page)
            print(f"axe {role} {path}: {len(found)} serious or critical")
            if found:
                failures.append(described(path, found))
        for path, found in steps_of(role, demo, page):
            print(f"axe {role} {path}: {len(found)} serious or critical")
            if found:
                failures.append(described(path, found))
        assert not failures, f"axe-core as {role}:\n" + "\n\n".join(failures)
    finally:
        context.close()


def steps_of(role: str, demo, page):
    """axe on the pages a step leads to: a refused form (its error summary) and the
    confirmation asked before issuing a conclusion."""
    if role != "canbo":
        return
    page.goto("/meetings/new/")
    page.locator("form.entry-form [type=submit]").first.click()
    expect(page.locator("#error-summary")).to_be_visible()
    yield "/meetings/new/ (refused)", violations(page)
    planned = demo["planned"]
    page.goto(f"/meetings/{planned.pk}/")
    page.locator(f"form[action$='/meetings/{planned.pk}/conclusion/issue/'] [type=submit]").click()
    expect(page.locator("input[name=confirmed]")).to_have_count(1)
    yield "the confirmation before issuing", violations(page)


def test_sign_in_page_has_no_serious_violation(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", bypass_csp=True)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        found = violations(page)
        assert not found, described("/accounts/login/", found)
    finally:
        context.close()


def test_the_text_editors_toolbar_is_not_in_the_tab_order(browser, live_server, demo):
    """Tab goes from one text to the next, not through four buttons; the keys format."""
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill("canbo")
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.goto(f"/meetings/{demo['planned'].pk}/conclusion/")
        editors = page.locator(".rt-editor")
        first, second = editors.nth(0), editors.nth(1)
        first.click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.type("Một")
        page.keyboard.press("Control+Shift+8")
        expect(first.locator("ul li")).to_have_text("Một")
        page.keyboard.press("Tab")
        expect(second).to_be_focused()
        assert page.locator(".rt-toolbar button:not([tabindex='-1'])").count() == 0
        first.focus()
        page.keyboard.press("Alt+F10")
        expect(page.locator(".rt-toolbar").nth(0).get_by_role("button", name="Đậm")).to_be_focused()
        page.keyboard.press("Escape")
        expect(first).to_be_focused()
    finally:
        context.close()
