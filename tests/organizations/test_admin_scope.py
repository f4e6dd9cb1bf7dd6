"""A committee admin cannot reach beyond the committees they administer."""

import datetime as dt

from django.urls import reverse

from organizations import services
from organizations.models import Organization, Role
from tests.factories import make_organization, make_user


def user_change_data(user, **extra):
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "job_title": "",
        "email": "",
        "is_active": "on",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-0-committee": extra.pop("committee"),
        "roles-0-kind": "admin",
        "roles-0-is_active": "on",
    }
    data.update(extra)
    return data


def test_admin_cannot_give_a_role_in_another_committee(client, world):
    world.nam.refresh_from_db()
    client.force_login(world.nam)

    client.post(
        reverse("admin:accounts_user_change", args=[world.nam.pk]),
        user_change_data(world.nam, committee=world.ha_son.pk),
    )

    assert not Role.objects.filter(user=world.nam, committee=world.ha_son).exists()


def test_admin_cannot_grant_a_foreign_user_a_role_to_reach_them(client, world):
    world.nam.refresh_from_db()
    client.force_login(world.nam)

    client.post(
        reverse("admin:organizations_role_add"),
        {
            "user": world.minh.pk,
            "committee": world.lam_giang.pk,
            "kind": "leader",
            "is_active": "on",
        },
    )

    assert not Role.objects.filter(user=world.minh, committee=world.lam_giang).exists()


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
