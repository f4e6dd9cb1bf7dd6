"""`make run` loads demo data and one account per role, idempotently."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from giaoban.demo import DEMO_PASSWORD
from organizations.models import Role, RoleKind
from tests.conftest import sign_in


@pytest.mark.django_db
def test_load_demo_twice_gives_no_duplicates(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")

    assert sorted(User.objects.values_list("username", flat=True)) == [
        "baocaovien",
        "canbo",
        "hethong",
        "lanhdao",
        "quantri",
    ]
    output = capsys.readouterr().out
    assert output.count(DEMO_PASSWORD) == 10
    assert "Cán bộ Ban Dân vận" in output
    assert "hethong" in output


@pytest.mark.django_db
def test_printed_credentials_sign_in(client, settings):
    settings.DEBUG = True
    call_command("load_demo")

    for username in ("canbo", "baocaovien", "lanhdao", "quantri", "hethong"):
        assert sign_in(client, username, DEMO_PASSWORD).status_code == 302, username
        client.logout()
    assert User.objects.get(username="hethong").is_superuser
    assert not User.objects.get(username="quantri").is_superuser
    assert not User.objects.get(username="canbo").is_superuser


@pytest.mark.django_db
def test_quantri_administers_the_province_in_the_app_and_hethong_is_the_superuser(settings):
    settings.DEBUG = True
    call_command("load_demo")
    admin, superuser = Client(), Client()
    sign_in(admin, "quantri", DEMO_PASSWORD)
    sign_in(superuser, "hethong", DEMO_PASSWORD)

    assert admin.get(reverse("organizations:manage")).status_code == 200
    assert admin.get(reverse("meetings:removed")).status_code == 200
    assert admin.get(reverse("admin:index")).status_code == 302
    assert superuser.get(reverse("admin:index")).status_code == 200
    role = Role.objects.active().get(user__username="quantri")
    assert (role.kind, role.committee.name) == (RoleKind.ADMIN, "Tỉnh ủy Lâm Giang")
    assert not Role.objects.filter(user__username="hethong").exists()


@pytest.mark.django_db
def test_loading_again_over_the_old_demo_makes_quantri_a_committee_admin(settings):
    """The demo of before made ``quantri`` a superuser: loading again fixes it in place."""
    settings.DEBUG = True
    call_command("load_demo")
    User.objects.filter(username="quantri").update(is_superuser=True, is_staff=True)
    User.objects.filter(username="hethong").delete()
    quantri = User.objects.get(username="quantri").pk

    call_command("load_demo")

    user = User.objects.get(username="quantri")
    assert (user.pk, user.is_superuser, user.is_staff) == (quantri, False, False)
    assert Role.objects.active().filter(user=user, kind=RoleKind.ADMIN).count() == 1
    assert User.objects.filter(username="hethong", is_superuser=True).count() == 1


@pytest.mark.django_db
def test_demo_accounts_refused_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="Refusing"):
        call_command("load_demo")
    assert not User.objects.exists()
