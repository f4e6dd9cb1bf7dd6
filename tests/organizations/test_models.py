"""Rules of committees, organizations and roles: bad input is refused, clearly."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organizations.models import CommitteeLevel, Organization, PartyCommittee, Role, RoleKind
from tests.factories import make_committee, make_organization, make_user

D = dt.date


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_end_date_before_start_date_is_refused(world):
    org = Organization(
        committee=world.lam_giang,
        name="Hội Khuyến học tỉnh",
        kind="other",
        valid_from=D(2024, 5, 1),
        valid_until=D(2024, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert "Ngày kết thúc phải sau ngày bắt đầu" in messages_of(error.value)


def test_database_refuses_end_before_start_too(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyCommittee.objects.create(
            name="Huyện ủy Sai Ngày",
            level=CommitteeLevel.DISTRICT,
            document_suffix="HU",
            valid_from=D(2025, 1, 1),
            valid_until=D(2024, 1, 1),
        )


def test_committee_cannot_become_its_own_ancestor(world):
    world.lam_giang.parent = world.commune
    with pytest.raises(ValidationError) as error:
        world.lam_giang.full_clean()
    assert "không thể là cấp ủy cấp trên của chính mình" in messages_of(error.value)


def test_committee_cannot_succeed_itself_even_indirectly(world):
    world.ha_son.successor = world.lam_giang
    world.ha_son.save()
    world.lam_giang.successor = world.ha_son
    with pytest.raises(ValidationError) as error:
        world.lam_giang.full_clean()
    assert "không thể tự kế tục chính mình" in messages_of(error.value)


def test_duplicate_name_in_committee_for_overlapping_dates_is_refused(world):
    with pytest.raises(ValidationError) as error:
        make_organization(world.lam_giang, "Hội Nông dân tỉnh Lâm Giang", kind="farmers")
    assert "đã có tổ chức khác mang tên" in messages_of(error.value)
    assert Organization.objects.filter(name="Hội Nông dân tỉnh Lâm Giang").count() == 1


def test_tone_mark_placement_does_not_escape_the_duplicate_check(world):
    make_organization(world.lam_giang, "Ban Dân vận Tỉnh ủy", kind="party_body")
    with pytest.raises(ValidationError):
        make_organization(world.lam_giang, "Ban Dân vận Tỉnh uỷ", kind="party_body")


def test_same_name_allowed_in_another_committee_or_after_the_first_ended(world):
    make_organization(world.ha_son, "Hội Nông dân tỉnh Lâm Giang", kind="farmers")
    old = make_organization(
        world.lam_giang, "Hội Khuyến học tỉnh", kind="other", valid_until=D(2024, 1, 1)
    )
    new = make_organization(
        world.lam_giang, "Hội Khuyến học tỉnh", kind="other", valid_from=D(2024, 1, 1)
    )
    assert old.pk != new.pk


def test_reporter_role_needs_an_organization(world):
    role = Role(user=world.trang, committee=world.lam_giang, kind=RoleKind.REPORTER)
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert "Báo cáo viên phải được gắn với tổ chức" in messages_of(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        role.save()


def test_reporter_organization_must_belong_to_the_committee(world):
    role = Role(
        user=world.trang,
        committee=world.lam_giang,
        kind=RoleKind.REPORTER,
        organization=world.foreign_front,
    )
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert "Tổ chức phải thuộc cấp ủy" in messages_of(error.value)


def test_a_person_may_hold_roles_in_several_committees(world):
    from organizations.services import grant_role

    grant_role(user=world.trang, committee=world.ha_son, kind=RoleKind.LEADER)
    grant_role(user=world.trang, committee=world.ha_son, kind=RoleKind.LEADER)  # idempotent

    assert sorted(world.trang.roles.values_list("committee__name", "kind")) == [
        ("Tỉnh ủy Hà Sơn", "leader"),
        ("Tỉnh ủy Lâm Giang", "staff"),
    ]


def test_names_are_stored_composed_with_one_tone_placement(db):
    import unicodedata

    committee = make_committee("Tỉnh ủy Lâm Giang")
    org = make_organization(committee, unicodedata.normalize("NFD", "Hội  Cựu chiến binh tỉnh"))

    assert org.name == "Hội Cựu chiến binh tỉnh"
    assert unicodedata.is_normalized("NFC", org.name)


def test_an_admin_role_does_not_open_djangos_admin(world):
    user = make_user("admin2")
    from organizations.services import grant_role

    grant_role(user=user, committee=world.ha_son, kind=RoleKind.ADMIN)
    user.refresh_from_db()

    assert not user.is_staff
    assert not user.has_perm("organizations.change_organization")


def test_the_migration_takes_staff_status_back_from_committee_admins(world):
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    migration = importlib.import_module(
        "organizations.migrations.0003_committee_admins_leave_django_admin"
    )
    group = Group.objects.create(name=migration.ADMIN_GROUP)
    root = make_user("root", is_superuser=True, is_staff=True)
    type(world.nam).objects.filter(pk__in=[world.nam.pk, world.trang.pk]).update(is_staff=True)
    world.nam.groups.add(group)
    root.groups.add(group)

    migration.leave_django_admin(apps, None)

    for user in (world.nam, world.trang, root):
        user.refresh_from_db()
    assert (world.nam.is_staff, world.trang.is_staff, root.is_staff) == (False, True, True)
    assert list(group.user_set.all()) == [root]
