"""Renames and mergers keep history; nothing old is rewritten or deleted."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.models import SecurityEvent, User
from organizations import services
from organizations.models import Organization, OrganizationName, Role, Succession
from tests.factories import make_organization

D = dt.date


def test_rename_keeps_the_earlier_name_for_earlier_dates(world):
    services.rename_organization(
        organization=world.farmers, name="Hội Nông dân Việt Nam tỉnh Lâm Giang", on=D(2025, 3, 1)
    )
    farmers = Organization.objects.get(pk=world.farmers.pk)

    assert farmers.name == "Hội Nông dân Việt Nam tỉnh Lâm Giang"
    assert farmers.name_on(D(2024, 6, 30)) == "Hội Nông dân tỉnh Lâm Giang"
    assert farmers.name_on(D(2025, 2, 28)) == "Hội Nông dân tỉnh Lâm Giang"
    assert farmers.name_on(D(2025, 3, 1)) == "Hội Nông dân Việt Nam tỉnh Lâm Giang"
    assert list(farmers.names.values_list("name", "valid_until")) == [
        ("Hội Nông dân tỉnh Lâm Giang", D(2025, 3, 1)),
        ("Hội Nông dân Việt Nam tỉnh Lâm Giang", None),
    ]


def test_names_on_a_date_for_a_whole_list_in_one_query(world, django_assert_num_queries):
    services.rename_organization(
        organization=world.front, name="Ủy ban MTTQ tỉnh", on=D(2025, 1, 1)
    )

    with django_assert_num_queries(1):
        names = [
            org.name_on(D(2024, 6, 1))
            for org in Organization.objects.filter(committee=world.lam_giang).with_names_on(
                D(2024, 6, 1)
            )
        ]
    assert names == ["Ủy ban MTTQ Việt Nam tỉnh Lâm Giang", "Hội Nông dân tỉnh Lâm Giang"]


def test_rename_to_a_name_another_organization_bears_is_refused(world):
    with pytest.raises(ValidationError):
        services.rename_organization(
            organization=world.farmers, name="Ủy ban MTTQ Việt Nam tỉnh Lâm Giang", on=D(2025, 1, 1)
        )
    assert OrganizationName.objects.filter(organization=world.farmers).count() == 1


def test_merge_ends_the_sources_and_records_predecessors(world):
    youth = make_organization(world.lam_giang, "Tỉnh đoàn Lâm Giang", kind="youth_union")
    successor = make_organization(
        world.lam_giang, "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang (mới)", valid_from=D(2025, 7, 1)
    )
    before = OrganizationName.objects.count()

    services.merge_organizations(sources=[world.front, youth], into=successor, on=D(2025, 7, 1))

    world.front.refresh_from_db()
    youth.refresh_from_db()
    assert world.front.valid_until == D(2025, 7, 1)
    assert youth.valid_until == D(2025, 7, 1)
    assert world.front.is_valid_on(D(2025, 6, 30))
    assert not world.front.is_valid_on(D(2025, 7, 1))
    assert sorted(
        Succession.objects.filter(successor=successor).values_list("predecessor__name", flat=True)
    ) == ["Tỉnh đoàn Lâm Giang", "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang"]
    assert OrganizationName.objects.count() == before
    assert world.front.name_on(D(2024, 1, 1)) == "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang"


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("other committee", "thuộc cấp ủy khác"),
        ("into itself", "Không thể hợp nhất một tổ chức vào chính nó"),
        ("already ended", "đã ngừng hoạt động"),
    ],
)
def test_impossible_merges_are_refused_and_change_nothing(world, case, expected):
    sources, into = [world.farmers], world.front
    if case == "other committee":
        sources = [world.foreign_front]
    elif case == "into itself":
        sources = [world.front]
    else:
        world.farmers.valid_until = D(2024, 1, 1)
        world.farmers.save()

    with pytest.raises(ValidationError) as error:
        services.merge_organizations(sources=sources, into=into, on=D(2025, 7, 1))

    assert expected in " ".join(error.value.messages)
    assert not Succession.objects.exists()
    world.front.refresh_from_db()
    assert world.front.valid_until is None


def test_merge_command_creates_a_new_successor(world, capsys):
    call_command(
        "merge_organizations",
        str(world.front.pk),
        str(world.farmers.pk),
        "--date=2025-07-01",
        "--new-name=Ủy ban MTTQ Việt Nam tỉnh Lâm Giang khóa mới",
        "--kind=front",
    )

    successor = Organization.objects.get(name="Ủy ban MTTQ Việt Nam tỉnh Lâm Giang khóa mới")
    assert successor.valid_from == D(2025, 7, 1)
    assert Succession.objects.filter(successor=successor).count() == 2
    assert "Merged 2 organizations" in capsys.readouterr().out


def test_merge_command_explains_errors(world):
    with pytest.raises(CommandError, match="No organization with ID 999999"):
        call_command(
            "merge_organizations", "999999", f"--into={world.front.pk}", "--date=2025-07-01"
        )


# --- one service merges, creating the successor if need be ------------------------------


def test_merging_into_a_new_organization_creates_it_inside_the_merger(world):
    successor = services.merge_organizations(
        sources=[world.front, world.farmers],
        new_name="Ủy ban MTTQ Việt Nam tỉnh Lâm Giang (sau hợp nhất)",
        new_kind="front",
        on=D(2025, 7, 1),
        note="Nghị quyết số 01-NQ/TU (minh họa)",
    )

    assert successor.valid_from == D(2025, 7, 1)
    assert successor.committee == world.lam_giang
    assert successor.names.get().name == "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang (sau hợp nhất)"
    assert Succession.objects.filter(successor=successor).count() == 2


def test_a_refused_merger_into_a_new_organization_leaves_no_organization_behind(world):
    world.farmers.valid_until = D(2024, 1, 1)
    world.farmers.save()
    count = Organization.objects.count()

    with pytest.raises(ValidationError):
        services.merge_organizations(
            sources=[world.farmers], new_name="Tổ chức mới", new_kind="farmers", on=D(2025, 7, 1)
        )

    assert Organization.objects.count() == count
    assert not Succession.objects.exists()


def test_the_merge_command_refused_leaves_no_new_organization(world):
    world.farmers.valid_until = D(2024, 1, 1)
    world.farmers.save()

    with pytest.raises(CommandError, match="đã ngừng hoạt động"):
        call_command(
            "merge_organizations",
            str(world.farmers.pk),
            "--date=2025-07-01",
            "--new-name=Tổ chức mới",
            "--kind=farmers",
        )

    assert not Organization.objects.filter(name="Tổ chức mới").exists()


# --- ending an organization -------------------------------------------------------------


def test_ending_an_organization_ends_its_reporters_roles(world):
    services.end_organization(organization=world.farmers, on=D(2025, 7, 1))

    assert not Role.objects.get(user=world.ha).is_active
    assert Role.objects.get(user=world.khoi).is_active
    assert Role.objects.get(user=world.nam).is_active


@pytest.mark.parametrize("day", [D(2025, 6, 30), D(2025, 7, 1), D(2025, 7, 2)])
def test_ending_and_merging_refuse_the_same_dates(world, day):
    """An organization that ceases on 1/7 can still be ended or merged on 1/7, not later."""
    for org in (world.front, world.farmers):
        org.valid_until = D(2025, 7, 1)
        org.save()
    successor = make_organization(world.lam_giang, "Tổ chức kế thừa", valid_from=D(2025, 1, 1))

    def outcome(call):
        try:
            call()
        except ValidationError:
            return "refused"
        return "done"

    ended = outcome(lambda: services.end_organization(organization=world.farmers, on=day))
    merged = outcome(
        lambda: services.merge_organizations(sources=[world.front], into=successor, on=day)
    )

    assert ended == merged == ("refused" if day > D(2025, 7, 1) else "done")


# --- accounts and roles -----------------------------------------------------------------


def test_creating_an_account_refuses_a_user_name_taken_in_other_letters(world):
    with pytest.raises(ValidationError) as error:
        services.create_account(
            committee=world.lam_giang,
            username="MINH",
            full_name="Phan Văn Minh",
            password="Mat-khau-moi-2026!",
            kind="leader",
            by=world.nam,
        )

    assert "Tên đăng nhập này đã có người dùng" in " ".join(error.value.messages)
    assert User.objects.filter(username__iexact="minh").count() == 1


def test_ending_a_role_twice_at_once_logs_it_once(world):
    seen_by_one = Role.objects.get(user=world.ha)
    seen_by_other = Role.objects.get(user=world.ha)

    services.end_role(role=seen_by_one, by=world.nam)
    services.end_role(role=seen_by_other, by=world.nam)

    assert not Role.objects.get(user=world.ha).is_active
    assert SecurityEvent.objects.filter(kind="role_ended").count() == 1
