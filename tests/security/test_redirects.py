"""Where a page sends its visitor afterwards (``next``) is always a page of this site:
a link that names another site sends the visitor home instead (no open redirect)."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from giaoban.demo import DEMO_PASSWORD

FOREIGN = [
    "https://evil.example/phish",
    "//evil.example/phish",
    "https:evil.example",
    "/\\evil.example",
    "http://testserver@evil.example/",
    "javascript:alert(1)",
    " https://evil.example/",
]


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def signed_in_with_device(username: str = "canbo"):
    from accounts.models import User

    device = TOTPDevice.objects.create(user=User.objects.get(username=username), confirmed=True)
    client = Client()
    client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    return client, device


@pytest.mark.parametrize("target", FOREIGN)
def test_two_factor_code_never_sends_the_visitor_to_another_site(demo_accounts, target):
    client, device = signed_in_with_device()

    response = client.post(
        f"{reverse('two_factor_verify')}?{_query(target)}", {"code": code_for(device)}
    )

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_two_factor_code_sends_the_visitor_back_to_the_page_of_this_site(demo_accounts):
    client, device = signed_in_with_device()

    response = client.post(
        f"{reverse('two_factor_verify')}?next=/meetings/%3Fyear%3D2024",
        {"code": code_for(device)},
    )

    assert response.url == "/meetings/?year=2024"


@pytest.mark.parametrize("target", FOREIGN)
def test_sign_in_never_sends_the_visitor_to_another_site(demo_accounts, target):
    client = Client()

    response = client.post(
        f"{reverse('login')}?{_query(target)}",
        {"username": "lanhdao", "password": DEMO_PASSWORD, "next": target},
    )

    assert response.status_code == 302
    assert "evil.example" not in response.url and "javascript" not in response.url


def test_sign_in_sends_the_visitor_back_to_the_page_of_this_site(demo_accounts):
    response = Client().post(
        reverse("login"), {"username": "lanhdao", "password": DEMO_PASSWORD, "next": "/meetings/"}
    )

    assert response.url == "/meetings/"


@pytest.mark.parametrize("target", FOREIGN)
def test_choosing_the_language_never_sends_the_visitor_to_another_site(demo_accounts, target):
    client = Client()
    client.post(reverse("login"), {"username": "lanhdao", "password": DEMO_PASSWORD})

    response = client.post(reverse("set_language"), {"language": "en", "next": target})

    assert response.status_code == 302
    assert "evil.example" not in response.url and "javascript" not in response.url


def _query(target: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": target})
