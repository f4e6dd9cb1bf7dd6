"""Fixtures shared by the whole suite: personas and the database line of the header."""

from __future__ import annotations

import pytest
from django.conf import settings

from giaoban.demo import DEMO_PASSWORD, load_demo_data


def pytest_report_header(config: pytest.Config) -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    vendor = "postgresql" if engine.endswith("postgresql") else engine.rsplit(".", 1)[-1]
    return f"database: {vendor.removesuffix('3')}"


@pytest.fixture(autouse=True)
def vietnamese():
    """Code outside a request speaks the site's language, whatever a test before it did."""
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests hash passwords with a cheap hasher; production keeps PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_accounts(db):
    """The demo accounts of ``make run``: canbo, baocaovien, lanhdao, quantri."""
    load_demo_data()
    return {"password": DEMO_PASSWORD}


@pytest.fixture
def staff_client(client, demo_accounts):
    client.login(username="canbo", password=DEMO_PASSWORD)
    return client
