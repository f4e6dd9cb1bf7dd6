"""Two staff save the same meeting at the same moment, on two real connections: exactly
one save is kept whole, the other is shown the conflict with its text; issuing the
conclusion while the meeting is edited is never undone."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from meetings.models import Attendance, Conclusion, Meeting
from organizations.models import RoleKind
from tests.factories import make_role, make_user
from tests.meetings.test_meeting_versions import edit_data, opened_version

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)"),
    pytest.mark.django_db(transaction=True),
]


def at_the_same_moment(actions: dict) -> dict:
    """Run each action in its own thread (its own database connection), all released
    together; their results by name."""
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


def staff_clients(world):
    son = make_user("son", "Hoàng Văn Sơn")
    make_role(son, world.lam_giang, RoleKind.STAFF)
    clients = {"Trang": Client(), "Sơn": Client()}
    clients["Trang"].force_login(world.trang)
    clients["Sơn"].force_login(son)
    return clients


def test_two_saves_of_a_meeting_at_the_same_moment_only_one_is_kept(world, meeting):
    url = reverse("meetings:edit", args=[meeting.pk])
    clients = staff_clients(world)
    versions = {name: opened_version(client, url) for name, client in clients.items()}
    organizations = {"Trang": [world.front], "Sơn": [world.farmers]}
    posts = {
        name: edit_data(
            meeting,
            versions[name],
            organizations[name],
            summary=f"<p>Tóm tắt của đồng chí {name}</p>",
            place=f"Phòng họp của đồng chí {name}",
            **{"attendance-0-representatives": f"Đại diện do đồng chí {name} ghi"},
        )
        for name in clients
    }

    responses = at_the_same_moment(
        {name: (lambda name=name: clients[name].post(url, posts[name])) for name in clients}
    )

    assert sorted(r.status_code for r in responses.values()) == [200, 302]
    saved = next(name for name, r in responses.items() if r.status_code == 302)
    refused = next(name for name in responses if name != saved)
    stored = Meeting.objects.get(pk=meeting.pk)
    # The kept save is whole: its summary, its place and its attendance, nothing mixed.
    assert stored.summary == f"<p>Tóm tắt của đồng chí {saved}</p>"
    assert stored.place == f"Phòng họp của đồng chí {saved}"
    assert list(
        Attendance.objects.filter(meeting=meeting).values_list("organization", "representatives")
    ) == [(organizations[saved][0].pk, f"Đại diện do đồng chí {saved} ghi")]
    # Nothing of the refused one is lost: the page gives back what they typed.
    page = responses[refused].content.decode()
    assert "đã lưu nội dung này lúc" in page
    assert f"Tóm tắt của đồng chí {refused}" in page
    assert f"Phòng họp của đồng chí {refused}" in page
    assert f"Đại diện do đồng chí {refused} ghi" in page


def test_an_edit_at_the_moment_the_conclusion_is_issued_does_not_undo_the_issue(world, meeting):
    Conclusion.objects.create(
        meeting=meeting,
        notice_number="45-TB/TU",
        issued_on=meeting.held_on,
        orientation="<p>Tiếp tục đổi mới nội dung hoạt động.</p>",
    )
    url = reverse("meetings:edit", args=[meeting.pk])
    clients = staff_clients(world)
    version = opened_version(clients["Sơn"], url)
    data = edit_data(meeting, version, [world.front], place="Nhà khách Tỉnh ủy")

    responses = at_the_same_moment(
        {
            "issue": lambda: clients["Trang"].post(
                reverse("conclusions:issue", args=[meeting.pk]), {"confirmed": "1"}
            ),
            "edit": lambda: clients["Sơn"].post(url, data),
        }
    )

    assert responses["issue"].status_code == 302
    assert Conclusion.objects.get().status == "issued"
    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.status == "concluded"
    edit = responses["edit"]
    if edit.status_code == 302:  # the edit went first: kept, and the issue came after it
        assert stored.place == "Nhà khách Tỉnh ủy"
    else:  # the issue went first: the edit is refused with its text
        assert edit.status_code == 200
        assert "Nhà khách Tỉnh ủy" in edit.content.decode()
