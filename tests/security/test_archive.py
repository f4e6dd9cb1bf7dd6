"""Removing in the interface archives; the committee's staff and admins restore in the
app (tests/meetings/test_removed_items.py); nothing is deleted."""

from django.urls import reverse

from meetings.models import Proposal
from organizations.models import RoleKind
from tests.factories import make_report, make_role, make_user


def test_a_removed_proposal_is_archived_and_staff_restore_it(client, world, meeting):
    report = make_report(meeting, world.front, results="<p>x</p>")
    proposal = Proposal.objects.create(report=report, text="Đề nghị bố trí kinh phí", position=1)
    client.force_login(world.khoi)
    client.post(
        reverse("reports:edit", args=[meeting.pk, world.front.pk]),
        {
            "results": "<p>x</p>",
            "shortcomings": "",
            "difficulties": "",
            "next_tasks": "",
            "proposals-TOTAL_FORMS": "1",
            "proposals-INITIAL_FORMS": "1",
            "proposals-0-id": proposal.pk,
            "proposals-0-report": report.pk,
            "proposals-0-text": "Đề nghị bố trí kinh phí",
            "proposals-0-DELETE": "on",
        },
    )

    assert not Proposal.objects.exists()
    archived = Proposal.all_objects.get()
    assert archived.archived_by == world.khoi
    assert "Đề nghị bố trí kinh phí" not in client.get(meeting.get_absolute_url()).content.decode()

    client.force_login(world.trang)
    listing = reverse("meetings:removed") + f"?committee={world.lam_giang.pk}"
    assert "Đề nghị bố trí kinh phí" in client.get(listing).content.decode()
    client.post(
        reverse("meetings:restore") + f"?committee={world.lam_giang.pk}",
        {"item": f"proposal-{archived.pk}"},
    )
    assert Proposal.objects.get().text == "Đề nghị bố trí kinh phí"


def test_other_committees_admins_do_not_see_the_archive(client, world, meeting):
    report = make_report(meeting, world.front)
    Proposal.objects.create(report=report, text="Kiến nghị đã gỡ", position=1).archive(world.trang)
    foreign_admin = make_user("hs_admin")
    make_role(foreign_admin, world.ha_son, RoleKind.ADMIN)
    client.force_login(foreign_admin)

    own = client.get(reverse("meetings:removed")).content.decode()
    other = client.get(reverse("meetings:removed") + f"?committee={world.lam_giang.pk}")

    assert "Kiến nghị đã gỡ" not in own
    assert other.status_code == 404


def test_superusers_read_the_archive_in_djangos_admin_without_changing_it(client, world, meeting):
    report = make_report(meeting, world.front)
    archived = Proposal.objects.create(report=report, text="Kiến nghị đã gỡ", position=1)
    archived.archive(world.trang)
    Proposal.objects.create(report=report, text="Kiến nghị còn lại", position=2)
    client.force_login(make_user("root", is_superuser=True, is_staff=True))

    listing = client.get(reverse("admin:meetings_proposal_changelist")).content.decode()
    client.post(
        reverse("admin:meetings_proposal_changelist"),
        {"action": "delete_selected", "_selected_action": [archived.pk]},
    )

    assert "Kiến nghị đã gỡ" in listing
    assert "Kiến nghị còn lại" not in listing
    assert Proposal.all_objects.archived().get() == archived
