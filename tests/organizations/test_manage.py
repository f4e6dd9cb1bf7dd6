"""Committee administration in the app: who reaches each page, and what each write does."""

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent, User
from organizations.models import AccountOwner, Organization, Role, RoleKind, Succession
from tests.factories import make_role, make_user
from tests.organizations.test_import import GOOD_ROWS, HEADER, csv_file

PASSWORD = "Mat-khau-moi-2026!"
TAKEOVER = "Mat-khau-chiem-quyen-2026!"


@pytest.fixture
def hs_admin(world):
    """The admin of the other province (Hà Sơn)."""
    user = make_user("quantri_hs", "Quản trị Hà Sơn")
    make_role(user, world.ha_son, RoleKind.ADMIN)
    return user


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_urls(world):
    """Every GET page, about Lâm Giang's committee, organization, person."""
    committee = f"?committee={world.lam_giang.pk}"
    ha_role = Role.objects.get(user=world.ha)
    return [
        reverse("organizations:manage") + committee,
        reverse("organizations:manage_create") + committee,
        reverse("tracking_organizations:manage_merge") + committee,
        reverse("organizations:manage_rename", args=[world.farmers.pk]),
        reverse("tracking_organizations:manage_end", args=[world.farmers.pk]),
        reverse("organizations:manage_people") + committee,
        reverse("organizations:manage_person_create") + committee,
        reverse("organizations:manage_person", args=[world.ha.pk]),
        reverse("organizations:manage_password", args=[world.ha.pk]),
        reverse("organizations:manage_role_grant", args=[world.ha.pk]),
        reverse("organizations:manage_import") + committee,
        reverse("documents:profile") + committee,
    ], ha_role


def test_the_committee_admin_opens_every_page(world):
    urls, _role = page_urls(world)
    client = as_user(world.nam)

    statuses = {url: client.get(url).status_code for url in urls}

    assert set(statuses.values()) == {200}, statuses


def test_another_committees_admin_and_other_roles_get_404(world, hs_admin):
    urls, _role = page_urls(world)
    for user in (hs_admin, world.trang, world.bao, world.khoi, world.minh):
        client = as_user(user)
        statuses = {url: client.get(url).status_code for url in urls}
        assert set(statuses.values()) == {404}, (user.username, statuses)


def test_posts_of_another_committees_admin_answer_404(world, hs_admin):
    _urls, ha_role = page_urls(world)
    client = as_user(hs_admin)

    assert (
        client.post(reverse("organizations:manage_unlock", args=[world.ha.pk])).status_code == 404
    )
    assert (
        client.post(reverse("organizations:manage_role_end", args=[ha_role.pk])).status_code == 404
    )
    ha_role.refresh_from_db()
    assert ha_role.is_active


def test_anonymous_visitors_are_sent_to_sign_in(world):
    urls, _role = page_urls(world)
    client = Client()

    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_the_menu_shows_administration_to_admins_only(world):
    assert "/organizations/manage/" in as_user(world.nam).get("/").content.decode()
    assert "/organizations/manage/" not in as_user(world.trang).get("/").content.decode()


def test_djangos_admin_is_for_superusers(world):
    root = make_user("root", is_superuser=True, is_staff=True)

    assert as_user(root).get(reverse("admin:index")).status_code == 200
    assert as_user(world.nam).get(reverse("admin:index")).status_code == 302


# --- organizations ------------------------------------------------------------------


def test_the_list_shows_each_organization_with_its_dates(world, django_assert_max_num_queries):
    client = as_user(world.nam)
    world.farmers.valid_until = dt.date(2025, 7, 1)
    world.farmers.save(update_fields=["valid_until"])

    with django_assert_max_num_queries(14):
        content = client.get(
            reverse("organizations:manage") + f"?committee={world.lam_giang.pk}"
        ).content.decode()

    assert "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang" in content
    assert "1/7/2025" in content
    assert "Hà Sơn" not in content


def test_creating_an_organization(world):
    client = as_user(world.nam)

    client.post(
        reverse("organizations:manage_create") + f"?committee={world.lam_giang.pk}",
        {
            "name": "Hội Cựu chiến binh tỉnh Lâm Giang",
            "kind": "veterans",
            "valid_from": "2024-01-01",
        },
    )

    created = Organization.objects.get(name="Hội Cựu chiến binh tỉnh Lâm Giang")
    assert (created.committee, created.valid_from) == (world.lam_giang, dt.date(2024, 1, 1))
    assert created.names.count() == 1


def test_renaming_from_a_date_keeps_the_earlier_name(world):
    client = as_user(world.nam)

    client.post(
        reverse("organizations:manage_rename", args=[world.farmers.pk]),
        {"name": "Hội Nông dân Việt Nam tỉnh Lâm Giang", "date": "2025-01-01"},
    )

    world.farmers.refresh_from_db()
    assert world.farmers.name == "Hội Nông dân Việt Nam tỉnh Lâm Giang"
    assert world.farmers.name_on(dt.date(2024, 12, 31)) == "Hội Nông dân tỉnh Lâm Giang"


def test_ending_an_organization_on_a_date(world):
    client = as_user(world.nam)

    response = client.post(
        reverse("tracking_organizations:manage_end", args=[world.farmers.pk]),
        {"date": "2025-07-01"},
    )

    world.farmers.refresh_from_db()
    assert response.status_code == 302
    assert world.farmers.valid_until == dt.date(2025, 7, 1)
    assert world.farmers.names.get().valid_until == dt.date(2025, 7, 1)
    again = client.post(
        reverse("tracking_organizations:manage_end", args=[world.farmers.pk]),
        {"date": "2025-08-01"},
    )
    assert "đã ngừng hoạt động từ ngày 1/7/2025" in again.content.decode()


def test_merging_several_into_a_new_organization(world):
    client = as_user(world.nam)

    response = client.post(
        reverse("tracking_organizations:manage_merge") + f"?committee={world.lam_giang.pk}",
        {
            "sources": [world.front.pk, world.farmers.pk],
            "date": "2025-07-01",
            "new_name": "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang (sau hợp nhất)",
            "new_kind": "front",
            "note": "Nghị quyết số 01-NQ/TU (minh họa)",
        },
        follow=True,
    )

    successor = Organization.objects.get(name="Ủy ban MTTQ Việt Nam tỉnh Lâm Giang (sau hợp nhất)")
    assert Succession.objects.filter(successor=successor).count() == 2
    assert "Đã hợp nhất 2 tổ chức vào" in response.content.decode()


def test_a_merge_form_error_keeps_the_choice_and_saves_nothing(world):
    client = as_user(world.nam)

    response = client.post(
        reverse("tracking_organizations:manage_merge") + f"?committee={world.lam_giang.pk}",
        {"sources": [world.front.pk], "date": "2025-07-01"},
    )

    assert "Chọn tổ chức tiếp nhận, hoặc nhập tên tổ chức mới" in response.content.decode()
    assert not Succession.objects.exists()


def test_a_foreign_organization_cannot_be_merged_in(world):
    client = as_user(world.nam)

    client.post(
        reverse("tracking_organizations:manage_merge") + f"?committee={world.lam_giang.pk}",
        {"sources": [world.foreign_front.pk], "successor": world.front.pk, "date": "2025-07-01"},
    )

    assert not Succession.objects.exists()


# --- people and roles -----------------------------------------------------------------


def create_account(client, committee, username="nguoimoi", **extra):
    return client.post(
        reverse("organizations:manage_person_create") + f"?committee={committee.pk}",
        {
            "username": username,
            "full_name": "Nguyễn Văn Mới",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "kind": "leader",
            **extra,
        },
    )


def test_creating_an_account_with_its_first_role(world):
    client = as_user(world.nam)

    response = create_account(client, world.lam_giang)

    user = User.objects.get(username="nguoimoi")
    assert response.status_code == 302
    assert user.check_password(PASSWORD)
    assert AccountOwner.objects.get(user=user).committee == world.lam_giang
    assert list(user.roles.values_list("committee_id", "kind")) == [(world.lam_giang.pk, "leader")]
    event = SecurityEvent.objects.get(kind="account_created")
    assert (event.user, event.subject) == (world.nam, "nguoimoi")


def test_a_reporter_account_needs_an_organization_of_the_committee(world):
    client = as_user(world.nam)

    response = create_account(client, world.lam_giang, kind="reporter")
    foreign = create_account(
        client, world.lam_giang, kind="reporter", organization=world.foreign_front.pk
    )

    assert "Chọn tổ chức mà báo cáo viên báo cáo" in response.content.decode()
    assert foreign.status_code == 200
    assert not User.objects.filter(username="nguoimoi").exists()


def test_a_taken_user_name_or_a_weak_password_is_refused(world):
    client = as_user(world.nam)

    taken = create_account(client, world.lam_giang, username="MINH")
    weak = create_account(client, world.lam_giang, password1="123", password2="123")

    assert "Tên đăng nhập này đã có người dùng" in taken.content.decode()
    assert weak.status_code == 200
    assert not User.objects.filter(full_name="Nguyễn Văn Mới").exists()


def test_the_people_list_shows_roles_and_no_foreigner(world, django_assert_max_num_queries):
    client = as_user(world.nam)

    with django_assert_max_num_queries(14):
        content = client.get(
            reverse("organizations:manage_people") + f"?committee={world.lam_giang.pk}"
        ).content.decode()

    assert "Nguyễn Thu Hà" in content
    assert "Hội Nông dân tỉnh Lâm Giang" in content
    assert "Phan Văn Minh" not in content


def test_resetting_a_password(world):
    client = as_user(world.nam)

    client.post(
        reverse("organizations:manage_password", args=[world.ha.pk]),
        {"password1": PASSWORD, "password2": PASSWORD},
    )

    world.ha.refresh_from_db()
    assert world.ha.check_password(PASSWORD)
    assert SecurityEvent.objects.get(kind="password_reset").subject == "ha"


def test_a_person_with_a_role_elsewhere_is_seen_but_not_reset(world, hs_admin):
    make_role(world.ha, world.ha_son, RoleKind.LEADER)
    client = as_user(world.nam)

    person = client.get(reverse("organizations:manage_person", args=[world.ha.pk]))
    reset = client.post(
        reverse("organizations:manage_password", args=[world.ha.pk]),
        {"password1": PASSWORD, "password2": PASSWORD},
    )

    assert person.status_code == 200
    assert reset.status_code == 404
    world.ha.refresh_from_db()
    assert not world.ha.check_password(PASSWORD)


def test_lifting_a_lockout(world):
    AccessAttempt.objects.create(
        username="ha",
        ip_address="10.0.0.1",
        user_agent="test",
        failures_since_start=10,
        attempt_time=timezone.now(),
    )
    client = as_user(world.nam)
    assert (
        "Bị khóa"
        in client.get(reverse("organizations:manage_person", args=[world.ha.pk])).content.decode()
    )

    client.post(reverse("organizations:manage_unlock", args=[world.ha.pk]))

    assert not AccessAttempt.objects.filter(username="ha").exists()
    assert SecurityEvent.objects.get(kind="lockout_lifted").subject == "ha"


def test_ending_and_granting_a_role(world):
    client = as_user(world.nam)
    role = Role.objects.get(user=world.ha)

    client.post(reverse("organizations:manage_role_end", args=[role.pk]))
    role.refresh_from_db()
    assert not role.is_active
    client.post(
        reverse("organizations:manage_role_grant", args=[world.ha.pk]),
        {"committee": world.commune.pk, "kind": "reporter", "organization": world.commune_front.pk},
    )

    assert world.ha.roles.active().get().organization == world.commune_front
    assert {e.kind for e in SecurityEvent.objects.filter(kind__startswith="role_")} == {
        "role_ended",
        "role_granted",
    }


def test_a_role_in_a_committee_not_administered_is_refused(world):
    client = as_user(world.nam)

    response = client.post(
        reverse("organizations:manage_role_grant", args=[world.ha.pk]),
        {"committee": world.ha_son.pk, "kind": "leader"},
    )

    assert response.status_code == 200
    assert not world.ha.roles.filter(committee=world.ha_son).exists()


def test_an_admin_cannot_find_reset_or_reach_another_committees_roleless_account(world, hs_admin):
    """Finding 2 through the new pages: B's account, roleless, is invisible to A."""
    create_account(as_user(hs_admin), world.ha_son, username="cua_ha_son")
    account = User.objects.get(username="cua_ha_son")
    as_user(hs_admin).post(reverse("organizations:manage_role_end", args=[account.roles.get().pk]))
    orphan = make_user("khong_ai_tao")  # created outside the app: nobody's
    admin_a = as_user(world.nam)

    listing = admin_a.get(
        reverse("organizations:manage_people") + f"?committee={world.lam_giang.pk}&q=cua"
    )
    for target in (account, orphan):
        assert (
            admin_a.get(reverse("organizations:manage_person", args=[target.pk])).status_code == 404
        )
        reset = admin_a.post(
            reverse("organizations:manage_password", args=[target.pk]),
            {"password1": TAKEOVER, "password2": TAKEOVER},
        )
        grant = admin_a.post(
            reverse("organizations:manage_role_grant", args=[target.pk]),
            {"committee": world.lam_giang.pk, "kind": "leader"},
        )
        assert (reset.status_code, grant.status_code) == (404, 404)
        target.refresh_from_db()
        assert not target.check_password(TAKEOVER)
        assert not target.roles.active().exists()
    assert "cua_ha_son" not in listing.content.decode()
    # Its own committee's admin still sees it, roleless, and may give it a role again.
    own = as_user(hs_admin).get(
        reverse("organizations:manage_people") + f"?committee={world.ha_son.pk}"
    )
    assert "cua_ha_son" in own.content.decode()


# --- document settings and import ------------------------------------------------------


def test_saving_the_document_settings(world):
    from documents.models import DocumentProfile

    client = as_user(world.nam)

    client.post(
        reverse("documents:profile") + f"?committee={world.lam_giang.pk}",
        {"issuing_body": "TỈNH ỦY", "signer_name": "Phạm Minh Đức", "recipients": "- Như trên"},
    )

    profile = DocumentProfile.objects.get(committee=world.lam_giang)
    assert (profile.issuing_body, profile.signer_name) == ("TỈNH ỦY", "Phạm Minh Đức")


def import_as(client, committee, rows):
    return client.post(
        reverse("organizations:manage_import") + f"?committee={committee.pk}",
        {"file": SimpleUploadedFile("to-chuc.csv", csv_file(rows).getvalue(), "text/csv")},
        follow=True,
    )


def test_a_committee_admin_imports_only_into_their_committees(world):
    own = [
        ["committee", "Đảng ủy xã Tân Lập", "Tỉnh ủy Lâm Giang", "xã", "ĐU", *[""] * 7],
        ["organization", "Đảng ủy xã Tân Lập", "", "", "", "Hội Nông dân xã Tân Lập", "",
         "farmers", "", "", "", ""],
        ["organization", "Tỉnh ủy Lâm Giang", "", "", "", "Hội Khuyến học tỉnh", "", "other",
         "", "", "", ""],
    ]  # fmt: skip
    foreign = [
        ["organization", "Tỉnh ủy Hà Sơn", "", "", "", "Hội Khuyến học Hà Sơn", "", "other",
         "", "", "", ""],
        ["committee", "Tỉnh ủy Mới", "", "tỉnh", "TU", *[""] * 7],
    ]  # fmt: skip
    client = as_user(world.nam)

    refused = import_as(client, world.lam_giang, own + foreign).content.decode()
    assert "Bạn không quản trị cấp ủy này" in refused
    assert "Chỉ được thêm cấp ủy trực thuộc các cấp ủy bạn quản trị" in refused
    assert not Organization.objects.filter(name="Hội Khuyến học tỉnh").exists()

    done = import_as(client, world.lam_giang, own).content.decode()
    assert "Đã nhập 1 cấp ủy và 2 tổ chức" in done
    assert (
        Organization.objects.get(name="Hội Nông dân xã Tân Lập").committee.parent == world.lam_giang
    )


def test_a_superuser_imports_anywhere(world):
    root = make_user("root", is_superuser=True, is_staff=True)

    done = import_as(as_user(root), world.lam_giang, GOOD_ROWS).content.decode()

    assert "Đã nhập 2 cấp ủy và 3 tổ chức" in done
    assert len(HEADER) == 12


def test_ending_an_organization_with_open_directives_says_to_merge_it(world, issued):
    issued(texts=("Một",))
    client = as_user(world.nam)

    response = client.post(
        reverse("tracking_organizations:manage_end", args=[world.front.pk]), {"date": "2025-07-01"}
    )

    assert "còn 1 phần việc được giao chưa hoàn thành" in response.content.decode()
    world.front.refresh_from_db()
    assert world.front.valid_until is None


def test_ending_an_organization_ends_its_reporters_roles_in_the_security_log(world):
    as_user(world.nam).post(
        reverse("tracking_organizations:manage_end", args=[world.farmers.pk]),
        {"date": "2025-07-01"},
    )

    assert not world.ha.roles.active().exists()
    event = SecurityEvent.objects.get(kind="role_ended")
    assert (event.user, event.subject) == (world.nam, "ha")


def test_the_account_and_role_forms_offer_only_organizations_that_exist(world):
    from organizations import services

    services.end_organization(organization=world.farmers, on=dt.date(2025, 1, 1))
    ended_in_commune = Organization.objects.create(
        committee=world.commune, name="Chi hội đã giải thể", kind="farmers"
    )
    services.end_organization(organization=ended_in_commune, on=dt.date(2025, 1, 1))
    client = as_user(world.nam)

    new_account = client.get(
        reverse("organizations:manage_person_create") + f"?committee={world.lam_giang.pk}"
    ).content.decode()
    grant = client.get(
        reverse("organizations:manage_role_grant", args=[world.khoi.pk])
    ).content.decode()

    assert world.front.name in new_account
    assert world.farmers.name not in new_account
    assert world.commune_front.name in grant
    assert world.farmers.name not in grant
    assert "Chi hội đã giải thể" not in grant
    # Grouped by committee, in the order of the committee select.
    committees = re.findall(r'<option value="\d+"[^>]*>(Tỉnh ủy|Đảng ủy)[^<]*</option>', grant)
    organizations = re.findall(
        r'<option value="\d+"[^>]*>[^<]* \((Tỉnh ủy|Đảng ủy)[^<]*\)</option>', grant
    )
    assert organizations == committees


def test_only_organizations_not_yet_ceased_can_be_renamed_or_ended(world):
    world.farmers.valid_until = dt.date(2025, 7, 1)
    world.farmers.save(update_fields=["valid_until"])
    later = Organization.objects.create(
        committee=world.lam_giang,
        name="Tổ chức thành lập sau",
        kind="farmers",
        valid_from=timezone.localdate() + dt.timedelta(days=30),
    )

    content = (
        as_user(world.nam)
        .get(reverse("organizations:manage") + f"?committee={world.lam_giang.pk}")
        .content.decode()
    )

    assert reverse("tracking_organizations:manage_end", args=[world.front.pk]) in content
    assert reverse("tracking_organizations:manage_end", args=[later.pk]) in content
    assert reverse("tracking_organizations:manage_end", args=[world.farmers.pk]) not in content
