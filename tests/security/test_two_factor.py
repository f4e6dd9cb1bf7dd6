"""Two-factor sign-in: available to everyone, required for admins."""

import re
from base64 import b32decode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from giaoban.demo import DEMO_PASSWORD
from tests.conftest import sign_in


@pytest.fixture(autouse=True)
def required(settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_admins_must_set_it_up_before_anything_else(demo_accounts):
    client = Client()
    sign_in(client, "quantri", DEMO_PASSWORD)

    assert client.get("/").url == reverse("two_factor_setup")
    assert client.get(reverse("admin:index")).url == reverse("two_factor_setup")
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page
    secret = re.search(r'user-select-all">([A-Z2-7]+)<', page).group(1)
    device = TOTPDevice.objects.get(user__username="quantri")
    assert b32decode(secret) == device.bin_key

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "Mã không đúng" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code slows the next try down; no waiting in a test
    client.post(reverse("two_factor_setup"), {"code": code_for(device)})

    assert client.get("/").status_code == 200
    assert client.get(reverse("organizations:manage")).status_code == 200


def test_the_superuser_must_set_it_up_too(demo_accounts):
    client = Client()
    sign_in(client, "hethong", DEMO_PASSWORD)

    assert client.get(reverse("admin:index")).url == reverse("two_factor_setup")


def test_with_a_device_every_sign_in_asks_for_the_code(demo_accounts):
    from accounts.models import User

    device = TOTPDevice.objects.create(user=User.objects.get(username="canbo"), confirmed=True)
    client = Client()
    sign_in(client, "canbo", DEMO_PASSWORD)

    assert client.get("/").url == reverse("two_factor_verify")
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert client.get("/").status_code == 200


def test_others_may_go_without_it(demo_accounts):
    client = Client()
    sign_in(client, "lanhdao", DEMO_PASSWORD)

    assert client.get("/").status_code == 200


def test_a_device_set_up_in_another_session_is_asked_for_at_the_next_page(demo_accounts):
    """The user is loaded with whether they have a confirmed device at each request: a
    session signed in before the phone app was confirmed asks for its code next."""
    from accounts.models import User

    client = Client()
    sign_in(client, "canbo", DEMO_PASSWORD)
    assert client.get("/").status_code == 200
    unconfirmed = TOTPDevice.objects.create(
        user=User.objects.get(username="canbo"), confirmed=False
    )
    assert client.get("/").status_code == 200  # a device being set up is not asked for

    unconfirmed.confirmed = True
    unconfirmed.save()

    assert client.get("/").url == reverse("two_factor_verify")


def test_a_session_signed_in_under_django_s_own_backend_stays_signed_in(demo_accounts):
    """Sessions from before ``accounts.backends.UserBackend`` name Django's ModelBackend:
    they stay signed in, and their devices are still asked for."""
    from accounts.models import User

    user = User.objects.get(username="canbo")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/").status_code == 200

    TOTPDevice.objects.create(user=user, confirmed=True)

    assert client.get("/").url == reverse("two_factor_verify")


@pytest.mark.parametrize("username", ["canbo", "khong_co_ai"])
def test_a_failed_sign_in_hashes_the_password_once(demo_accounts, monkeypatch, username):
    """Django's ModelBackend stays listed for sessions signed in before UserBackend, but a
    wrong password or an unknown name is checked once, not once per backend: a
    password-guessing client costs the server one hash per try."""
    from django.contrib.auth.hashers import get_hasher

    hasher = type(get_hasher("default"))
    calls = []
    original = hasher.encode

    def encode(self, password, salt, *args, **kwargs):
        calls.append(password)
        return original(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", encode)

    response = sign_in(Client(), username, "mat-khau-sai")

    assert response.status_code == 200  # the sign-in page again, with its error
    assert len(calls) == 1
