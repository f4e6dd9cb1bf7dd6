"""Organizations in statutory order by default, and a start date once a committee has
meetings (issue 17, point 8)."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from meetings.confirm import issue_warnings
from organizations.models import KIND_ORDER, Organization, OrganizationKind
from organizations.services import create_organization, import_organizations, save_organization
from tests.factories import make_meeting, make_organization, make_user
from tests.organizations.test_import import csv_file

pytestmark = pytest.mark.usefixtures("no_page_cache")

D = dt.date
START_REQUIRED = "Cấp ủy đã có hội nghị giao ban"
STATUTORY = [
    "front",
    "labour",
    "farmers",
    "veterans",
    "women",
    "youth_union",
    "youth_federation",
    "party_body",
    "other",
]
# Typed by a committee admin, the party body first and the Front last.
TYPED = [
    ("Ban Dân vận Tỉnh ủy", "party_body"),
    ("Tỉnh đoàn", "youth_union"),
    ("Hội Liên hiệp Phụ nữ tỉnh", "women"),
    ("Hội Cựu chiến binh tỉnh", "veterans"),
    ("Hội Nông dân tỉnh", "farmers"),
    ("Liên đoàn Lao động tỉnh", "labour"),
    ("Ủy ban MTTQ Việt Nam tỉnh", "front"),
]


# The management forms of the admin's inlines (names, predecessors, successor): none.
INLINES = {
    f"{prefix}-{count}": "0"
    for prefix in ("names", "successions_as_successor", "successions_as_predecessor")
    for count in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def superuser(db):
    return make_user("root", "Quản trị viên", is_superuser=True, is_staff=True)


@pytest.fixture
def bare(db):
    """A committee with no organization yet, its admin, and no meeting."""
    from tests.factories import make_committee, make_role

    committee = make_committee("Tỉnh ủy Sông Lam")
    admin = make_user("quantri_sl", "Quản trị Sông Lam")
    make_role(admin, committee, "admin")
    return committee, admin


def create_on_page(client, committee, **fields):
    return client.post(
        reverse("organizations:manage_create") + f"?committee={committee.pk}", fields
    )


# --- statutory order -------------------------------------------------------------------


def test_the_kinds_follow_the_statutory_order():
    assert sorted(KIND_ORDER, key=KIND_ORDER.get) == STATUTORY
    assert list(OrganizationKind.values) == STATUTORY


def test_organizations_typed_in_any_order_are_listed_front_first(bare):
    committee, admin = bare
    client = as_user(admin)
    for name, kind in TYPED:
        assert create_on_page(client, committee, name=name, kind=kind).status_code == 302

    listed = Organization.objects.filter(committee=committee).order_by("display_order", "name")
    assert [org.kind for org in listed] == [
        kind for kind in STATUTORY if kind in dict(TYPED).values()
    ]
    page = client.get(reverse("organizations:manage") + f"?committee={committee.pk}")
    assert [org.name for org, _ceased in page.context["rows"]] == [
        name for name, _kind in reversed(TYPED)
    ]


def test_the_meeting_page_and_its_attendance_follow_the_statutory_order(bare):
    committee, admin = bare
    for name, kind in TYPED:
        create_organization(committee=committee, name=name, kind=kind)
    meeting = make_meeting(committee, "2024-Q1", held_on=D(2024, 4, 19))
    staff = make_user("canbo_sl", "Cán bộ Sông Lam")
    from tests.factories import make_role

    make_role(staff, committee, "staff")

    page = as_user(staff).get(reverse("meetings:detail", args=[meeting.pk]))
    rows = [row["name"] for row in page.context["report_rows"]]
    assert rows == [
        "Ủy ban MTTQ Việt Nam tỉnh",
        "Liên đoàn Lao động tỉnh",
        "Hội Nông dân tỉnh",
        "Hội Cựu chiến binh tỉnh",
        "Hội Liên hiệp Phụ nữ tỉnh",
        "Tỉnh đoàn",
    ]
    edit = as_user(staff).get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    shown = [edit.index(name) for name, _kind in reversed(TYPED)]
    assert shown == sorted(shown)


def test_an_order_given_is_kept(bare):
    committee, admin = bare

    create_on_page(
        as_user(admin), committee, name="Hội Khuyến học tỉnh", kind="other", display_order="5"
    )

    assert Organization.objects.get(name="Hội Khuyến học tỉnh").display_order == 5


def test_djangos_admin_offers_no_order_and_gives_the_kinds(client, bare, superuser):
    committee, _admin = bare
    client.force_login(superuser)
    url = reverse("admin:organizations_organization_add")

    form = client.get(url).context["adminform"].form
    response = client.post(
        url,
        {"committee": committee.pk, "kind": "front", "name": "Ủy ban MTTQ Việt Nam tỉnh",
         "display_order": "", "reports_at_meetings": "on", **INLINES},
    )  # fmt: skip

    assert form.initial.get("display_order") is None
    assert response.status_code == 302
    created = Organization.objects.get(name="Ủy ban MTTQ Việt Nam tỉnh")
    assert created.display_order == KIND_ORDER["front"]
    assert created.names.count() == 1


def test_the_migration_gives_untouched_defaults_their_kinds_order(bare):
    committee, _admin = bare
    made = {
        name: create_organization(committee=committee, name=name, kind=kind) for name, kind in TYPED
    }
    # As an admin left them before: the field's default, or the kinds' former order
    # (the Women's Union before the veterans); one order chosen by hand.
    Organization.objects.filter(committee=committee).update(display_order=100)
    Organization.objects.filter(pk=made["Hội Liên hiệp Phụ nữ tỉnh"].pk).update(display_order=40)
    Organization.objects.filter(pk=made["Hội Cựu chiến binh tỉnh"].pk).update(display_order=50)
    Organization.objects.filter(pk=made["Tỉnh đoàn"].pk).update(display_order=7)
    migration = importlib.import_module("organizations.migrations.0008_statutory_order")

    migration.give_kinds_order(apps, None)

    orders = dict(
        Organization.objects.filter(committee=committee).values_list("name", "display_order")
    )
    assert orders == {
        "Ủy ban MTTQ Việt Nam tỉnh": 10,
        "Liên đoàn Lao động tỉnh": 20,
        "Hội Nông dân tỉnh": 30,
        "Hội Cựu chiến binh tỉnh": 40,
        "Hội Liên hiệp Phụ nữ tỉnh": 50,
        "Tỉnh đoàn": 7,
        "Ban Dân vận Tỉnh ủy": 80,
    }


# --- a start date once the committee has meetings -------------------------------------


def test_before_any_meeting_an_organization_needs_no_start_date(bare):
    committee, _admin = bare

    organization = create_organization(committee=committee, name="Hội Nông dân", kind="farmers")

    assert organization.valid_from is None


def test_the_service_requires_a_start_date_once_the_committee_has_meetings(world, meeting):
    with pytest.raises(ValidationError) as error:
        create_organization(committee=world.lam_giang, name="Hội Cựu chiến binh", kind="veterans")

    assert list(error.value.message_dict) == ["valid_from"]
    assert START_REQUIRED in " ".join(error.value.messages)
    assert not Organization.objects.filter(name="Hội Cựu chiến binh").exists()


def test_the_committee_admins_form_says_so_at_the_date_and_keeps_what_was_typed(world, meeting):
    response = create_on_page(
        as_user(world.nam),
        world.lam_giang,
        name="Hội Cựu chiến binh tỉnh Lâm Giang",
        short_name="Hội CCB tỉnh",
        kind="veterans",
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert START_REQUIRED in " ".join(form.errors["valid_from"])
    content = response.content.decode()
    assert START_REQUIRED in content
    assert 'value="Hội Cựu chiến binh tỉnh Lâm Giang"' in content
    assert not Organization.objects.filter(kind="veterans").exists()


def test_with_a_start_date_it_does_not_join_the_meetings_before_it(world, meeting):
    client = as_user(world.nam)
    create_on_page(
        client,
        world.lam_giang,
        name="Hội Cựu chiến binh tỉnh Lâm Giang",
        kind="veterans",
        valid_from="01/07/2025",
    )
    later = make_meeting(world.lam_giang, "2025-Q3", held_on=D(2025, 10, 10))

    rows = as_user(world.trang).get(reverse("meetings:detail", args=[meeting.pk])).context
    assert [row["name"] for row in rows["report_rows"]] == [
        world.front.name,
        world.farmers.name,
    ]
    assert any("2/2 báo cáo chưa được gửi" in warning for warning in issue_warnings(meeting))
    rows = as_user(world.trang).get(reverse("meetings:detail", args=[later.pk])).context
    assert len(rows["report_rows"]) == 3


def test_djangos_admin_requires_it_too_and_refuses_to_clear_it(client, world, meeting, superuser):
    client.force_login(superuser)
    fields = {"committee": world.lam_giang.pk, "kind": "veterans", "name": "Hội CCB tỉnh",
              "display_order": "", "reports_at_meetings": "on", **INLINES}  # fmt: skip

    refused = client.post(reverse("admin:organizations_organization_add"), fields)
    dated = create_organization(
        committee=world.lam_giang, name="Hội LHPN tỉnh", kind="women", valid_from=D(2025, 1, 1)
    )
    cleared = client.post(
        reverse("admin:organizations_organization_change", args=[dated.pk]),
        {"kind": "women", "display_order": "50", "reports_at_meetings": "on", **INLINES},
    )
    # One that has always been without a date is edited as before.
    kept = client.post(
        reverse("admin:organizations_organization_change", args=[world.farmers.pk]),
        {"kind": "farmers", "display_order": "3", "reports_at_meetings": "on", **INLINES},
    )

    assert START_REQUIRED in refused.content.decode()
    assert not Organization.objects.filter(name="Hội CCB tỉnh").exists()
    assert START_REQUIRED in cleared.content.decode()
    dated.refresh_from_db()
    assert dated.valid_from == D(2025, 1, 1)
    assert kept.status_code == 302
    world.farmers.refresh_from_db()
    assert world.farmers.display_order == 3


def test_clearing_the_date_through_the_service_is_refused(world, meeting):
    dated = create_organization(
        committee=world.lam_giang, name="Hội LHPN tỉnh", kind="women", valid_from=D(2025, 1, 1)
    )
    dated.valid_from = None

    with pytest.raises(ValidationError):
        save_organization(organization=dated, created=False, fields=["valid_from"])

    dated.refresh_from_db()
    assert dated.valid_from == D(2025, 1, 1)


def test_the_import_requires_it_for_a_committee_with_meetings(world, meeting):
    rows = [
        ["organization", "Tỉnh ủy Lâm Giang", "", "", "", "Hội Cựu chiến binh tỉnh", "",
         "veterans", "", "", "", ""],
        ["organization", "Tỉnh ủy Lâm Giang", "", "", "", "Hội LHPN tỉnh", "", "women", "", "",
         "1/1/2025", ""],
        ["organization", "Tỉnh ủy Hà Sơn", "", "", "", "Hội Cựu chiến binh tỉnh Hà Sơn", "",
         "veterans", "", "", "", ""],
    ]  # fmt: skip

    refused = import_organizations(data=csv_file(rows), filename="to-chuc.csv")
    done = import_organizations(data=csv_file(rows[1:]), filename="to-chuc.csv")

    assert [(e.row, e.column) for e in refused.errors] == [(2, "valid_from")]
    assert START_REQUIRED in refused.errors[0].message
    assert done.ok
    assert Organization.objects.get(name="Hội LHPN tỉnh").valid_from == D(2025, 1, 1)
    # Hà Sơn has no meeting: an organization there may still start "before the records".
    assert Organization.objects.get(name="Hội Cựu chiến binh tỉnh Hà Sơn").valid_from is None


def test_a_merger_into_a_new_organization_dates_it_so_needs_nothing_more(world, meeting):
    from organizations.services import merge_organizations

    merged = merge_organizations(
        sources=[world.farmers], new_name="Hội Nông dân mới", new_kind="farmers", on=D(2025, 7, 1)
    )

    assert merged.valid_from == D(2025, 7, 1)


def test_the_factory_still_makes_undated_organizations_where_there_is_no_meeting(world):
    assert make_organization(world.ha_son, "Hội Nông dân tỉnh Hà Sơn", kind="farmers").pk
