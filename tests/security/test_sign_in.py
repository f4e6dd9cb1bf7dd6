"""Login protection, session lifetimes and one's own sessions."""

import time

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.middleware import SIGNED_IN_AT, TOUCHED_AT
from accounts.models import UserSession
from giaoban.demo import DEMO_PASSWORD
from tests.conftest import sign_in


def test_five_wrong_passwords_lock_the_user_name_from_that_address(client, demo_accounts):
    for _attempt in range(5):
        sign_in(client, "canbo", "wrong-password")

    locked = sign_in(client, "canbo", DEMO_PASSWORD)

    assert locked.status_code == 429
    assert "Đăng nhập tạm thời bị khóa" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user name from the same address is not locked.
    assert sign_in(Client(), "lanhdao", DEMO_PASSWORD).status_code == 302


def test_an_admin_can_unlock(client, demo_accounts):
    from axes.utils import reset

    for _attempt in range(5):
        sign_in(client, "canbo", "wrong-password")
    reset(username="canbo")

    assert sign_in(client, "canbo", DEMO_PASSWORD).status_code == 302


def test_sessions_end_after_eight_hours_in_all(client, demo_accounts):
    sign_in(client, "canbo", DEMO_PASSWORD)
    session = client.session
    session[SIGNED_IN_AT] = time.time() - 8 * 3600 - 1
    session.save()

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_sessions_expire_after_fifteen_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    assert settings.SESSION_REFRESH_SECONDS <= 60


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_activity_renews_the_session_at_most_once_a_minute(demo_accounts, client):
    sign_in(client, "canbo", DEMO_PASSWORD)
    client.get("/")
    first = _expiry(client)

    client.get("/")  # within the minute: nothing written
    assert _expiry(client) == first

    session = client.session
    session[TOUCHED_AT] = time.time() - 61
    session.save()
    saved = _expiry(client)
    client.get("/")  # a minute later: the idle timeout starts again
    assert _expiry(client) > saved
    assert client.cookies["sessionid"]["max-age"] == 15 * 60


def test_users_see_and_end_their_own_sessions(demo_accounts):
    office, home = Client(), Client()
    sign_in(office, "canbo", DEMO_PASSWORD)
    sign_in(home, "canbo", DEMO_PASSWORD)
    assert UserSession.objects.count() == 2

    page = office.get(reverse("sessions"))
    assert "Phiên này" in page.content.decode()
    other = UserSession.objects.exclude(session_key=office.session.session_key).get()
    office.post(reverse("session_end"), {"session_key": other.session_key})

    assert home.get("/").status_code == 302  # signed out
    assert office.get("/").status_code == 200


def test_nobody_ends_someone_elses_session(demo_accounts):
    mine, theirs = Client(), Client()
    sign_in(mine, "canbo", DEMO_PASSWORD)
    sign_in(theirs, "lanhdao", DEMO_PASSWORD)

    mine.post(reverse("session_end"), {"session_key": theirs.session.session_key})

    assert theirs.get("/").status_code == 200


def test_a_password_change_ends_the_other_sessions(demo_accounts):
    office, home = Client(), Client()
    sign_in(office, "canbo", DEMO_PASSWORD)
    sign_in(home, "canbo", DEMO_PASSWORD)

    office.post(
        reverse("password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "Hoi-nghi-giao-ban-2026",
            "new_password2": "Hoi-nghi-giao-ban-2026",
        },
    )

    assert home.get("/").status_code == 302
    assert office.get("/").status_code == 200
    assert Session.objects.count() == 1
