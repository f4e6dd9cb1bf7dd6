"""Names are kept as typed: "Tỉnh uỷ" stays "Tỉnh uỷ" (both spellings are in official
use), stored composed (NFC) with single spaces; comparing and searching still take the
two spellings for one (issue 17, point 9)."""

import datetime as dt
import unicodedata

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organizations.models import Organization, OrganizationName, PartyCommittee
from organizations.services import create_account, import_organizations, rename_organization
from tests.factories import make_organization, make_user
from tests.organizations.test_import import csv_file

D = dt.date


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_organization_keeps_the_name_typed_on_the_admins_page(world):
    as_user(world.nam).post(
        reverse("organizations:manage_create") + f"?committee={world.lam_giang.pk}",
        {"name": "Ban Dân vận  Tỉnh uỷ", "kind": "party_body"},
    )

    organization = Organization.objects.get(kind="party_body")
    assert organization.name == "Ban Dân vận Tỉnh uỷ"
    assert list(organization.names.values_list("name", flat=True)) == ["Ban Dân vận Tỉnh uỷ"]


def test_a_name_pasted_decomposed_is_stored_composed_as_typed(world):
    organization = make_organization(
        world.ha_son, unicodedata.normalize("NFD", "Đảng uỷ Khối  cơ quan"), kind="party_body"
    )

    assert organization.name == "Đảng uỷ Khối cơ quan"
    assert unicodedata.is_normalized("NFC", organization.name)


def test_a_new_name_is_kept_as_typed(world):
    rename_organization(
        organization=world.farmers, name="Hội Nông dân tỉnh Lâm Giang (Hoà Bình)", on=D(2025, 1, 1)
    )

    world.farmers.refresh_from_db()
    assert world.farmers.name == "Hội Nông dân tỉnh Lâm Giang (Hoà Bình)"
    assert OrganizationName.objects.filter(name="Hội Nông dân tỉnh Lâm Giang (Hoà Bình)").exists()


def test_the_two_spellings_are_still_one_name_in_a_committee(world):
    from django.core.exceptions import ValidationError

    make_organization(world.lam_giang, "Ban Dân vận Tỉnh uỷ", kind="party_body")

    with pytest.raises(ValidationError):
        make_organization(world.lam_giang, "Ban Dân vận Tỉnh ủy", kind="party_body")


def test_a_committee_keeps_the_name_typed_in_djangos_admin(client, db):
    root = make_user("root", "Quản trị viên", is_superuser=True, is_staff=True)
    client.force_login(root)

    response = client.post(
        reverse("admin:organizations_partycommittee_add"),
        {"name": "Tỉnh uỷ Thanh Hoá", "level": "province", "document_suffix": "TU"},
    )

    assert response.status_code == 302
    assert PartyCommittee.objects.get().name == "Tỉnh uỷ Thanh Hoá"


def test_the_import_keeps_names_as_typed_and_finds_a_committee_either_way(world):
    rows = [
        ["committee", "Tỉnh uỷ Sông Hậu", "", "province", "TU", "", "", "", "", "", "", ""],
        ["organization", "Tỉnh ủy Sông Hậu", "", "", "", "Ban Dân vận Tỉnh uỷ", "",
         "party_body", "", "", "", ""],
    ]  # fmt: skip

    result = import_organizations(data=csv_file(rows), filename="to-chuc.csv")

    assert result.ok, result.errors
    committee = PartyCommittee.objects.get(name="Tỉnh uỷ Sông Hậu")
    assert list(committee.organizations.values_list("name", flat=True)) == ["Ban Dân vận Tỉnh uỷ"]


def test_a_persons_name_is_kept_as_typed(world):
    user = create_account(
        committee=world.lam_giang,
        username="thuy",
        full_name="Nguyễn  Thị Thuỷ",
        password="Mat-khau-moi-2026!",
        kind="leader",
        by=world.nam,
    )

    assert User.objects.get(pk=user.pk).full_name == "Nguyễn Thị Thuỷ"
