"""The one scoping function gives each role exactly what it should."""

from django.contrib.auth.models import AnonymousUser

from organizations.access import CHANGE, VIEW, access_for
from organizations.models import Organization


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_reporter_reads_their_committee_and_changes_only_their_organization(world):
    access = access_for(world.khoi)

    assert names(access.committees()) == {"Tỉnh ủy Lâm Giang"}
    assert names(access.organizations()) == {
        "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang",
        "Hội Nông dân tỉnh Lâm Giang",
    }
    assert names(access.editable_organizations()) == {"Ủy ban MTTQ Việt Nam tỉnh Lâm Giang"}


def test_staff_of_another_committee_sees_nothing_of_this_one(world):
    access = access_for(world.minh)

    assert names(access.committees()) == {"Tỉnh ủy Hà Sơn"}
    assert names(access.organizations()) == {"Ủy ban MTTQ Việt Nam tỉnh Hà Sơn"}
    assert names(access.editable_organizations()) == {"Ủy ban MTTQ Việt Nam tỉnh Hà Sơn"}
    assert not access.is_staff_of(world.lam_giang.pk)


def test_staff_change_every_organization_of_their_committee_only(world):
    access = access_for(world.trang)

    assert names(access.editable_organizations()) == {
        "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang",
        "Hội Nông dân tỉnh Lâm Giang",
    }
    assert access.is_staff_of(world.lam_giang.pk)
    assert not access.is_staff_of(world.commune.pk)


def test_leader_reads_everything_of_the_committee_and_changes_nothing(world):
    access = access_for(world.bao)

    assert names(access.organizations()) == {
        "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang",
        "Hội Nông dân tỉnh Lâm Giang",
    }
    assert not access.editable_organizations().exists()


def test_admin_administers_the_committee_and_those_below(world):
    access = access_for(world.nam)

    assert names(access.administered_committees()) == {"Tỉnh ủy Lâm Giang", "Đảng ủy xã Tân Hòa"}
    assert not access.editable_organizations().exists()


def test_anonymous_sees_nothing(world):
    access = access_for(AnonymousUser())

    assert not access.committees().exists()
    assert not access.organizations().exists()


def test_superuser_sees_everything(world):
    world.nam.is_superuser = True
    access = access_for(world.nam)

    assert access.organizations().count() == Organization.objects.count()


def test_scope_works_for_any_model_with_a_committee(world):
    from organizations.models import Role

    roles = access_for(world.minh).scope(Role.objects.all(), VIEW)
    assert set(roles.values_list("user__username", flat=True)) == {"minh"}
    editable = access_for(world.khoi).scope(
        Organization.objects.all(), CHANGE, organization_path="pk"
    )
    assert names(editable) == {"Ủy ban MTTQ Việt Nam tỉnh Lâm Giang"}


def test_access_is_loaded_once_per_user(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        access_for(world.ha)
        access_for(world.ha)
