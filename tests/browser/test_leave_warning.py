"""Every data-entry form asks before its changes are left behind (static/js/typed-text.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from meetings.models import Proposal
from tests.factories import make_report

FIELDS = (
    "main form[method=post] :is(input[type=text], input:not([type]), textarea:not([hidden]),"
    " .rt-editor, input[type=password], input[type=checkbox]):visible"
)


def pages(world, meeting, issued):
    _earlier, directives = issued(period="2023-Q4", held_on=None)
    report = make_report(meeting, world.front, status="submitted", results="<p>Có</p>")
    proposal = Proposal.objects.create(report=report, text="Đề nghị hỗ trợ kinh phí.")
    return {
        "meeting (new)": ("trang", "/meetings/new/"),
        "meeting (edit)": ("trang", f"/meetings/{meeting.pk}/edit/"),
        "progress (board)": ("trang", f"/tracking/board/?committee={world.lam_giang.pk}"),
        "proposal answer": ("trang", f"/tracking/proposals/{proposal.pk}/answer/"),
        "organization": ("nam", "/organizations/manage/organizations/new/"),
        "person": ("nam", "/organizations/manage/people/new/"),
        "password": ("khoi", "/accounts/password/"),
        "report": ("khoi", f"/meetings/{meeting.pk}/reports/{world.front.pk}/"),
        "conclusion": ("trang", f"/meetings/{meeting.pk}/conclusion/"),
    }


@pytest.mark.parametrize(
    "form",
    [
        "meeting (new)",
        "meeting (edit)",
        "progress (board)",
        "proposal answer",
        "organization",
        "person",
        "password",
        "report",
        "conclusion",
    ],
)
def test_leaving_a_changed_form_asks_first(sign_in, world, meeting, issued, form):
    username, path = pages(world, meeting, issued)[form]
    page = sign_in(username)
    page.goto(path)
    field = page.locator(FIELDS).first
    if field.get_attribute("type") == "checkbox":
        field.click()
    else:
        field.click()
        page.keyboard.type("Nội dung đang nhập")

    shown: list[str] = []

    def stay(dialog):
        shown.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.locator("#main-nav").get_by_role("link", name="Trang chủ").click()
    expect(page.locator(FIELDS).first).to_be_visible()
    assert shown == ["beforeunload"]
    assert page.url.endswith(path)
