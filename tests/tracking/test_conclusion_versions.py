"""A conclusion saved or issued by two people at once: exactly one succeeds, the other is
told, with what they typed kept; never a draft edit silently applied to an issued
conclusion, nor an issue of a text the issuer never read."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from meetings.models import Conclusion
from organizations.models import RoleKind
from tests.factories import make_role, make_user


def opened_version(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="version" value="([^"]*)"', page).group(1)


def conclusion_data(version: str, orientation: str) -> dict:
    return {
        "version": version,
        "notice_number": "45-TB/TU",
        "issued_on": "2024-04-22",
        "assessment": "<p>Đánh giá.</p>",
        "shortcomings": "",
        "orientation": orientation,
        "directives-TOTAL_FORMS": "0",
        "directives-INITIAL_FORMS": "0",
    }


@pytest.fixture
def draft(meeting):
    return Conclusion.objects.create(
        meeting=meeting,
        notice_number="45-TB/TU",
        issued_on=meeting.held_on,
        orientation="<p>Bản đầu.</p>",
    )


@pytest.fixture
def two_staff(world):
    son = make_user("son", "Hoàng Văn Sơn")
    make_role(son, world.lam_giang, RoleKind.STAFF)
    editor, issuer = Client(), Client()
    editor.force_login(son)
    issuer.force_login(world.trang)
    return editor, issuer


def test_an_issue_after_an_edit_the_issuer_did_not_read_is_refused(
    world, meeting, draft, two_staff
):
    editor, issuer = two_staff
    edit_url = reverse("conclusions:edit", args=[meeting.pk])
    read = opened_version(issuer, meeting.get_absolute_url())  # the issue button's version
    saved = editor.post(edit_url, conclusion_data(opened_version(editor, edit_url), "<p>Sửa.</p>"))

    refused = issuer.post(
        reverse("conclusions:issue", args=[meeting.pk]),
        {"version": read, "confirmed": "1"},
        follow=True,
    )

    assert saved.status_code == 302
    page = refused.content.decode()
    assert "Hoàng Văn Sơn đã sửa kết luận lúc" in page and "chưa được ban hành" in page
    assert Conclusion.objects.get().status == "draft"
    issued = issuer.post(
        reverse("conclusions:issue", args=[meeting.pk]),
        {"version": opened_version(issuer, meeting.get_absolute_url()), "confirmed": "1"},
    )
    assert issued.status_code == 302
    assert Conclusion.objects.get().status == "issued"


def test_an_edit_opened_before_the_issue_is_refused_with_its_text_kept(
    world, meeting, draft, two_staff
):
    editor, issuer = two_staff
    edit_url = reverse("conclusions:edit", args=[meeting.pk])
    version = opened_version(editor, edit_url)
    issued = issuer.post(
        reverse("conclusions:issue", args=[meeting.pk]),
        {"version": opened_version(issuer, meeting.get_absolute_url()), "confirmed": "1"},
    )

    refused = editor.post(edit_url, conclusion_data(version, "<p>Bản sửa của đồng chí Sơn.</p>"))

    assert issued.status_code == 302
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Lê Thị Thu Trang đã lưu nội dung này lúc" in page
    assert "Bản sửa của đồng chí Sơn." in page  # what the editor typed is kept
    conclusion = Conclusion.objects.get()
    assert (conclusion.status, conclusion.orientation) == ("issued", "<p>Bản đầu.</p>")


def at_the_same_moment(actions: dict) -> dict:
    """Run each action in its own thread, on its own database connection, released at
    once; their results by name."""
    start = threading.Barrier(len(actions))
    outcomes = {}

    def run(name):
        try:
            start.wait(timeout=10)
            outcomes[name] = actions[name]()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(name,)) for name in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_saves_of_a_conclusion_at_the_same_moment_one_is_saved(world, meeting, draft):
    edit_url = reverse("conclusions:edit", args=[meeting.pk])
    son = make_user("son", "Hoàng Văn Sơn")
    make_role(son, world.lam_giang, RoleKind.STAFF)
    clients = {"Trang": Client(), "Sơn": Client()}
    clients["Trang"].force_login(world.trang)
    clients["Sơn"].force_login(son)
    versions = {name: opened_version(client, edit_url) for name, client in clients.items()}

    def save(name):
        data = conclusion_data(versions[name], f"<p>Phương hướng của đồng chí {name}.</p>")
        response = clients[name].post(edit_url, data)
        return response.status_code, response.content.decode()

    outcomes = at_the_same_moment({name: lambda n=name: save(n) for name in clients})

    assert sorted(status for status, _page in outcomes.values()) == [200, 302]
    saved = next(name for name, (status, _page) in outcomes.items() if status == 302)
    refused = next(name for name in clients if name != saved)
    assert f"Phương hướng của đồng chí {refused}." in outcomes[refused][1]  # kept
    stored = Conclusion.objects.get()
    assert stored.orientation == f"<p>Phương hướng của đồng chí {saved}.</p>"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_an_issue_and_an_edit_at_the_same_moment_one_wins_the_other_is_told(world, meeting, draft):
    edit_url = reverse("conclusions:edit", args=[meeting.pk])
    issue_url = reverse("conclusions:issue", args=[meeting.pk])
    son = make_user("son", "Hoàng Văn Sơn")
    make_role(son, world.lam_giang, RoleKind.STAFF)
    editor, issuer = Client(), Client()
    editor.force_login(son)
    issuer.force_login(world.trang)
    edit_version = opened_version(editor, edit_url)
    read = opened_version(issuer, meeting.get_absolute_url())

    def edit():
        response = editor.post(edit_url, conclusion_data(edit_version, "<p>Bản sửa muộn.</p>"))
        return response.status_code, response.content.decode()

    def issue():
        response = issuer.post(issue_url, {"version": read, "confirmed": "1"}, follow=True)
        return response.status_code, response.content.decode()

    outcomes = at_the_same_moment({"edit": edit, "issue": issue})

    stored = Conclusion.objects.get()
    edited = outcomes["edit"][0] == 302
    issued = "Đã ban hành kết luận." in outcomes["issue"][1]
    assert edited != issued, outcomes  # exactly one succeeded
    if edited:
        assert (stored.status, stored.orientation) == ("draft", "<p>Bản sửa muộn.</p>")
        assert "chưa được ban hành" in outcomes["issue"][1]  # the issuer is told
    else:
        assert (stored.status, stored.orientation) == ("issued", "<p>Bản đầu.</p>")
        assert outcomes["edit"][0] == 200
        assert "Bản sửa muộn." in outcomes["edit"][1]  # what the editor typed is kept
