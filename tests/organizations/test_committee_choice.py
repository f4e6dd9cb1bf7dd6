"""No page opens on a committee that has ceased to exist: each defaults to one that still
exists; a ceased one is shown only when asked for (?committee=), and then said to be
ceased."""

import datetime as dt

import pytest
from django.urls import reverse

from organizations.models import CommitteeLevel, PartyCommittee, RoleKind
from tests.factories import make_committee, make_organization, make_role, make_user

CEASED_ON = dt.date(2025, 7, 1)

# Pages that open on a committee: those that read (pick_committee), those that administer
# (pick_administered) and the others choosing among the user's committees.
READING_PAGES = ["tracking:dashboard", "tracking:board", "tracking:proposals", "organizations:list"]
ADMIN_PAGES = [
    "organizations:manage",
    "organizations:manage_people",
    "meetings:removed",
    "documents:profile",
]


@pytest.fixture
def ceased(world):
    """Huyện ủy An Phú (a district, abolished on 1/7/2025), listed before Lâm Giang;
    Trang was on its staff and Nam its admin, and the superuser Tâm sees it too."""
    district = make_committee(
        "Huyện ủy An Phú", level=CommitteeLevel.DISTRICT, parent=world.lam_giang, suffix="HU"
    )
    make_organization(district, "Ủy ban MTTQ huyện An Phú")
    make_role(world.trang, district, RoleKind.STAFF)
    make_role(world.nam, district, RoleKind.ADMIN)
    # The commune of the world is abolished too, so that a superuser's list starts with
    # ceased committees.
    PartyCommittee.objects.filter(pk__in=[district.pk, world.commune.pk]).update(
        valid_until=CEASED_ON
    )
    world.tam = make_user("tam", "Đỗ Minh Tâm", is_superuser=True)
    return district


def first_existing(world, user):
    """The committee a page opens on: the user's own for Trang and Nam; for the superuser
    the first in the list (communes, districts, provinces, by name) that still exists."""
    return world.ha_son if user == "tam" else world.lam_giang


def committee_shown(response):
    if "committee" in response.context and response.context["committee"] is not None:
        return response.context["committee"]
    return response.context["form"]["committee"].value()


@pytest.mark.parametrize("page", READING_PAGES + ["meetings:create"])
@pytest.mark.parametrize("user", ["trang", "tam"])
def test_reading_pages_open_on_a_committee_that_still_exists(client, world, ceased, page, user):
    client.force_login(getattr(world, user))

    response = client.get(reverse(page))

    assert response.status_code == 200
    shown = committee_shown(response)
    assert getattr(shown, "pk", shown) == first_existing(world, user).pk
    assert "đã kết thúc hoạt động từ ngày" not in response.content.decode()


@pytest.mark.parametrize("page", ADMIN_PAGES)
@pytest.mark.parametrize("user", ["nam", "tam"])
def test_administration_pages_open_on_a_committee_that_still_exists(
    client, world, ceased, page, user
):
    client.force_login(getattr(world, user))

    response = client.get(reverse(page))

    assert response.status_code == 200
    assert response.context["committee"].pk == first_existing(world, user).pk


@pytest.mark.parametrize("page", READING_PAGES + ADMIN_PAGES)
def test_a_ceased_committee_asked_for_is_shown_as_ceased(client, world, ceased, page):
    client.force_login(world.tam)

    response = client.get(reverse(page), {"committee": ceased.pk})

    assert response.status_code == 200
    assert response.context["committee"].pk == ceased.pk
    content = response.content.decode()
    assert "Huyện ủy An Phú đã kết thúc hoạt động từ ngày 1/7/2025" in content


def test_when_every_committee_has_ceased_the_page_still_opens_and_says_so(client, world):
    PartyCommittee.objects.filter(pk=world.lam_giang.pk).update(valid_until=CEASED_ON)
    client.force_login(world.bao)

    response = client.get(reverse("tracking:dashboard"))

    assert response.status_code == 200
    assert "đã kết thúc hoạt động từ ngày 1/7/2025" in response.content.decode()
