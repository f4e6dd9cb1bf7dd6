"""Vietnamese for everyone, whatever the browser's language, unless the signed-in person
chose English (accounts/language.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from accounts.models import User
from giaoban.demo import DEMO_PASSWORD
from tests.conftest import sign_in

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
# Pages of each role, with a Vietnamese text each shows.
KEY_PAGES = [
    ("canbo", "/", "Theo dõi thực hiện kết luận"),
    ("canbo", "/meetings/", "Hội nghị"),
    ("canbo", "/tracking/board/", "Nhiệm vụ"),
    ("canbo", "/account/", "Ngôn ngữ hiển thị"),
    ("lanhdao", "/", "Theo dõi thực hiện kết luận"),
    ("baocaovien", "/", "Báo cáo"),
]


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_sign_in_page_is_vietnamese_in_an_english_browser(client, db):
    response = client.get(reverse("login"), **ENGLISH_BROWSER)

    content = page(response)
    assert '<html lang="vi"' in content
    assert "Tên đăng nhập" in content
    assert "User name" not in content
    assert response["Content-Language"] == "vi"
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_password_reset_pages_follow_no_browser(client, db):
    response = client.get(reverse("password_change"), **ENGLISH_BROWSER, follow=True)

    assert '<html lang="vi"' in page(response)


@pytest.mark.parametrize("username, path, text", KEY_PAGES)
def test_signed_in_pages_are_vietnamese_in_an_english_browser(demo_accounts, username, path, text):
    client = Client(**ENGLISH_BROWSER)
    assert sign_in(client, username, DEMO_PASSWORD).status_code == 302

    content = page(client.get(path))

    assert '<html lang="vi"' in content
    assert text in content


def test_a_person_who_chose_english_reads_english(demo_accounts):
    client = Client()
    assert sign_in(client, "canbo", DEMO_PASSWORD).status_code == 302

    response = client.post(reverse("language_choice"), {"language": "en"}, follow=True)

    assert User.objects.get(username="canbo").language == "en"
    content = page(response)
    assert '<html lang="en"' in content
    assert "Your language has been saved." in content
    assert "Language of the pages" in content
    # Whatever the browser says, and in a new session too.
    other = Client(HTTP_ACCEPT_LANGUAGE="vi")
    sign_in(other, "canbo", DEMO_PASSWORD)
    dashboard = other.get("/")
    assert '<html lang="en"' in page(dashboard)
    assert dashboard["Content-Language"] == "en"


def test_choosing_vietnamese_again_says_so_in_vietnamese(demo_accounts):
    user = User.objects.get(username="canbo")
    services.choose_language(user=user, language="en")
    client = Client()
    client.force_login(user)

    content = page(client.post(reverse("language_choice"), {"language": "vi"}, follow=True))

    assert '<html lang="vi"' in content
    assert "Đã lưu ngôn ngữ hiển thị." in content
    user.refresh_from_db()
    assert user.language == "vi"


def test_the_footer_choice_of_a_signed_in_person_is_stored_on_them(demo_accounts):
    client = Client()
    sign_in(client, "canbo", DEMO_PASSWORD)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert User.objects.get(username="canbo").language == "en"
    assert '<html lang="en"' in page(client.get("/meetings/"))


def test_the_language_cookie_does_not_outvote_the_stored_choice(demo_accounts):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})  # before sign-in
    assert '<html lang="en"' in page(client.get(reverse("login")))

    sign_in(client, "canbo", DEMO_PASSWORD)

    assert '<html lang="vi"' in page(client.get("/meetings/"))


def test_an_unknown_language_is_refused(demo_accounts):
    user = User.objects.get(username="canbo")
    client = Client()
    client.force_login(user)

    client.post(reverse("language_choice"), {"language": "fr"})

    user.refresh_from_db()
    assert user.language == "vi"
    with pytest.raises(ValueError):
        services.choose_language(user=user, language="fr")


def test_a_page_kept_for_an_english_reader_is_not_served_in_vietnamese(demo_accounts):
    """The page cache keys pages by reader and language: after switching back to
    Vietnamese, the board kept in English is not served."""
    client = Client()
    sign_in(client, "canbo", DEMO_PASSWORD)
    board = reverse("tracking:board")
    client.post(reverse("language_choice"), {"language": "en"})
    assert '<html lang="en"' in page(client.get(board))
    assert '<html lang="en"' in page(client.get(board))  # from the cache

    client.post(reverse("language_choice"), {"language": "vi"})

    assert '<html lang="vi"' in page(client.get(board))


def test_reading_the_language_adds_no_query(demo_accounts):
    """The user's row, read on every signed-in request, brings the language with it."""
    user = User.objects.get(username="canbo")
    client = Client()
    client.force_login(user)
    client.get(reverse("account"))
    with CaptureQueriesContext(connection) as plain:
        client.get(reverse("account"))
    services.choose_language(user=user, language="en")

    with CaptureQueriesContext(connection) as english:
        content = page(client.get(reverse("account")))

    assert '<html lang="en"' in content
    assert len(english) == len(plain)
    user_reads = [q["sql"] for q in english if 'FROM "accounts_user"' in q["sql"]]
    assert len(user_reads) == 1
    assert '"accounts_user"."language"' in user_reads[0]
