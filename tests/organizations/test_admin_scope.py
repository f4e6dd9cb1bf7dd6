"""A committee admin cannot reach beyond the committees they administer (the
administration pages of the app; Django's admin is for superusers only)."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations import services
from organizations.models import Organization, Role
from tests.factories import make_organization, make_user
from tests.organizations.test_import import GOOD_ROWS, csv_file


def test_admin_cannot_give_a_role_in_another_committee(client, world):
    client.force_login(world.nam)

    client.post(
        reverse("organizations:manage_role_grant", args=[world.nam.pk]),
        {"committee": world.ha_son.pk, "kind": "admin"},
    )

    assert not Role.objects.filter(user=world.nam, committee=world.ha_son).exists()


def test_admin_cannot_reset_a_superusers_or_a_foreign_users_password(client, world):
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(world.nam)

    for target in (root, world.minh):
        url = reverse("organizations:manage_password", args=[target.pk])
        assert client.get(url).status_code == 404
        client.post(url, {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026"})
        target.refresh_from_db()
        assert not target.check_password("Mat-khau-moi-2026")


def test_admin_cannot_grant_a_foreign_user_a_role_to_reach_them(client, world):
    client.force_login(world.nam)

    response = client.post(
        reverse("organizations:manage_role_grant", args=[world.minh.pk]),
        {"committee": world.lam_giang.pk, "kind": "leader"},
    )

    assert response.status_code == 404
    assert not Role.objects.filter(user=world.minh, committee=world.lam_giang).exists()


def test_committee_admin_sees_only_what_is_under_their_committee(client, world):
    client.force_login(world.nam)

    commune = client.get(
        reverse("organizations:manage") + f"?committee={world.commune.pk}"
    ).content.decode()
    foreign = client.get(reverse("organizations:manage") + f"?committee={world.ha_son.pk}")
    rename = client.get(reverse("organizations:manage_rename", args=[world.foreign_front.pk]))

    assert "Ủy ban MTTQ Việt Nam xã Tân Hòa" in commune
    assert "Hà Sơn" not in commune
    assert (foreign.status_code, rename.status_code) == (404, 404)


def test_a_committee_admin_imports_nothing_outside_their_committees(client, world):
    client.force_login(world.nam)

    response = client.post(
        reverse("organizations:manage_import") + f"?committee={world.lam_giang.pk}",
        {"file": SimpleUploadedFile("x.csv", csv_file(GOOD_ROWS).getvalue(), "text/csv")},
    )

    assert "Chỉ được thêm cấp ủy trực thuộc các cấp ủy bạn quản trị" in response.content.decode()
    assert not Organization.objects.filter(name="Ban Dân vận Tỉnh ủy").exists()


def test_merging_into_an_old_organization_keeps_its_history(world):
    services.merge_organizations(sources=[world.farmers], into=world.front, on=dt.date(2025, 7, 1))

    world.front.refresh_from_db()
    assert world.front.valid_from is None
    assert world.front.name_on(dt.date(2024, 1, 1)) == "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang"


def test_a_refused_merge_into_a_new_organization_leaves_nothing(client, world):
    root = make_user("root", is_superuser=True, is_staff=True)
    ended = make_organization(
        world.lam_giang, "Hội đã giải thể", kind="other", valid_until=dt.date(2024, 1, 1)
    )
    client.force_login(root)

    client.post(
        reverse("admin:organizations_organization_changelist"),
        {
            "action": "merge_action",
            "_selected_action": [ended.pk],
            "confirm": "1",
            "date": "2025-07-01",
            "new_name": "Tổ chức mới sau hợp nhất",
            "new_kind": "other",
        },
    )

    assert not Organization.objects.filter(name="Tổ chức mới sau hợp nhất").exists()


def test_renaming_an_organization_with_an_end_date_closes_the_old_name(world):
    org = make_organization(
        world.lam_giang, "Hội Khuyến học", kind="other", valid_until=dt.date(2026, 1, 1)
    )

    services.rename_organization(
        organization=org, name="Hội Khuyến học tỉnh", on=dt.date(2025, 1, 1)
    )

    assert org.name_on(dt.date(2024, 6, 1)) == "Hội Khuyến học"
    assert org.name_on(dt.date(2025, 6, 1)) == "Hội Khuyến học tỉnh"
    assert list(org.names.values_list("valid_until", flat=True)) == [
        dt.date(2025, 1, 1),
        dt.date(2026, 1, 1),
    ]
