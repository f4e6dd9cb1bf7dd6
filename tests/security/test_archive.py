"""Removing in the interface archives; an admin can restore; nothing is deleted."""

from django.urls import reverse

from meetings.models import Proposal
from tests.factories import make_report, make_user


def test_a_removed_proposal_is_archived_and_an_admin_restores_it(client, world, meeting):
    report = make_report(meeting, world.front, results="<p>x</p>")
    proposal = Proposal.objects.create(report=report, text="Đề nghị bố trí kinh phí", position=1)
    client.force_login(world.khoi)
    client.post(
        reverse("meetings:report", args=[meeting.pk, world.front.pk]),
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

    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    listing = client.get(reverse("admin:meetings_proposal_changelist")).content.decode()
    assert "Đề nghị bố trí kinh phí" in listing
    client.post(
        reverse("admin:meetings_proposal_changelist"),
        {"action": "restore", "_selected_action": [archived.pk]},
    )
    assert Proposal.objects.get().text == "Đề nghị bố trí kinh phí"


def test_other_committees_admins_do_not_see_the_archive(client, world, meeting):
    from organizations.models import RoleKind
    from tests.factories import make_role

    report = make_report(meeting, world.front)
    Proposal.objects.create(report=report, text="Kiến nghị đã gỡ", position=1).archive(world.trang)
    foreign_admin = make_user("hs_admin", is_staff=True)
    make_role(foreign_admin, world.ha_son, RoleKind.ADMIN)
    client.force_login(foreign_admin)

    listing = client.get(reverse("admin:meetings_proposal_changelist")).content.decode()

    assert "Kiến nghị đã gỡ" not in listing
