"""The register of proposals is in the menu of those who may read it, and only theirs."""

import re

import pytest
from django.urls import reverse

from organizations.models import RoleKind
from tests.factories import make_role, make_user

REGISTER = reverse("tracking:proposals")


def _menu(client) -> list[str]:
    page = client.get(reverse("meetings:list")).content.decode()
    nav = page[page.index('id="main-nav"') : page.index("</nav>")]
    return re.findall(r'href="([^"#]+)"', nav)


@pytest.mark.parametrize("who", ["trang", "bao", "minh"])
def test_staff_and_leaders_find_the_register_in_the_menu(client, world, who):
    client.force_login(getattr(world, who))

    assert REGISTER in _menu(client)
    assert client.get(REGISTER).status_code == 200


def test_a_superuser_finds_it_too(client, world):
    client.force_login(make_user("root", "Quản trị hệ thống", is_superuser=True, is_staff=True))

    assert REGISTER in _menu(client)
    assert client.get(REGISTER).status_code == 200


@pytest.mark.parametrize("who", ["khoi", "ha", "nam"])
def test_reporters_and_admins_get_no_link_and_no_register(client, world, who):
    client.force_login(getattr(world, who))

    assert REGISTER not in _menu(client)
    assert client.get(REGISTER).status_code == 404


def test_the_link_opens_the_register_for_someone_who_also_reports_elsewhere(client, world):
    """A reporter of one committee and leader of another: the link opens their register."""
    both = make_user("hai_vai", "Người hai vai")
    make_role(both, world.ha_son, RoleKind.REPORTER, world.foreign_front)
    make_role(both, world.lam_giang, RoleKind.LEADER)
    client.force_login(both)

    assert REGISTER in _menu(client)
    assert client.get(REGISTER).status_code == 200
