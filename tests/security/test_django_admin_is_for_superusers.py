"""Issue 15, findings 1 and 2: committee admins once worked in Django's admin, where
django-simple-history's revert form and the shared user list let one province's admin
change another province's records and take over its accounts. Django's admin is now for
superusers only, and nobody reverts from its history pages."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from documents.models import DocumentProfile
from meetings.models import Conclusion
from organizations.models import PartyCommittee, RoleKind
from tests.conftest import sign_in
from tests.factories import make_meeting, make_role, make_user

NEW_PASSWORD = "Mat-khau-chiem-quyen-2026"


def history_id(instance) -> int:
    return instance.history.order_by("-history_id").values_list("history_id", flat=True)[0]


def test_a_committee_admin_cannot_revert_another_provinces_committee(client, world):
    world.nam.refresh_from_db()
    client.force_login(world.nam)
    ha_son = world.ha_son
    base = f"/admin/organizations/partycommittee/{ha_son.pk}/history/"

    listing = client.get(base)
    form = client.get(f"{base}{history_id(ha_son)}/")
    client.post(
        f"{base}{history_id(ha_son)}/",
        {"name": "Tỉnh ủy đã bị đổi tên", "level": "province", "document_suffix": "TU"},
    )

    assert listing.status_code != 200
    assert form.status_code != 200
    ha_son.refresh_from_db()
    assert ha_son.name == "Tỉnh ủy Hà Sơn"


def test_a_committee_admin_cannot_end_another_provinces_front(client, world):
    world.nam.refresh_from_db()
    client.force_login(world.nam)
    front = world.foreign_front
    url = f"/admin/organizations/organization/{front.pk}/history/{history_id(front)}/"

    client.post(
        url,
        {
            "kind": "front",
            "display_order": "10",
            "reports_at_meetings": "on",
            "valid_until": "2025-07-01",
        },
    )

    front.refresh_from_db()
    assert front.valid_until is None


def test_a_committee_admin_cannot_open_another_provinces_document_settings(client, world):
    profile = DocumentProfile.objects.create(committee=world.ha_son, signer_name="Người ký Hà Sơn")
    world.nam.refresh_from_db()
    client.force_login(world.nam)

    response = client.get(
        f"/admin/documents/documentprofile/{profile.pk}/history/{history_id(profile)}/"
    )

    assert response.status_code != 200
    assert "Người ký Hà Sơn" not in response.content.decode()


def test_nobody_reverts_from_the_history_pages_not_even_a_superuser(client, world):
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    committee = world.ha_son
    url = f"/admin/organizations/partycommittee/{committee.pk}/history/{history_id(committee)}/"

    response = client.post(
        url, {"name": "Tỉnh ủy đã bị đổi tên", "level": "province", "document_suffix": "TU"}
    )

    assert response.status_code == 403
    committee.refresh_from_db()
    assert committee.name == "Tỉnh ủy Hà Sơn"


def test_a_committee_admin_cannot_take_over_an_account_of_another_province(world):
    """Admin A sets a roleless user's password, admin B of another province gives that
    user a role, A signs in as the user and reads B's draft conclusion."""
    newcomer = make_user("nguoimoi", "Người Mới")
    admin_b = make_user("quantri_hs", "Quản trị Hà Sơn")
    make_role(admin_b, world.ha_son, RoleKind.ADMIN)
    meeting = make_meeting(world.ha_son, "2024-Q1", held_on=dt.date(2024, 4, 19))
    Conclusion.objects.create(meeting=meeting, assessment="Dự thảo mật của Hà Sơn")
    admin_a = Client()
    admin_a.force_login(world.nam)
    client_b = Client()
    client_b.force_login(admin_b)

    admin_a.post(
        reverse("admin:auth_user_password_change", args=[newcomer.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    client_b.post(
        reverse("admin:organizations_role_add"),
        {"user": newcomer.pk, "committee": world.ha_son.pk, "kind": "leader", "is_active": "on"},
    )
    as_newcomer = Client()
    sign_in(as_newcomer, "nguoimoi", NEW_PASSWORD)
    page = as_newcomer.get(meeting.get_absolute_url())

    assert "Dự thảo mật của Hà Sơn" not in page.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.check_password(NEW_PASSWORD)


def test_the_committee_admin_role_no_longer_opens_djangos_admin(client, world):
    world.nam.refresh_from_db()
    client.force_login(world.nam)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert not world.nam.is_staff
    assert PartyCommittee.objects.filter(pk=world.lam_giang.pk).exists()
