"""Django's admin, for superusers, reads in Vietnamese throughout: third-party apps'
names (django-axes, django-otp) included, no permissions nor groups (roles say what a
person may do), no password-hash internals, a history button in plain words."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import make_user

# English a superuser met in the admin before it was translated.
ENGLISH = [
    "Please correct",
    "Access attempts",
    "Access logs",
    "Access failures",
    "TOTP device",
    "Otp_Totp",
    "Axes",
    "Choose",
    "Can view",
    "Can add",
    "historical",
    "History",
    "HISTORY",
    "Bản ghi nhớ",
    "Toggle theme",
    "Attempt Time",
    "Locked Out",
    "pbkdf2",
    "algorithm",
    "Search by",
    "LDAP",
    "Control",
]


def visible_text(content: str) -> str:
    """What the reader sees (and hears from a screen reader): the page without its tags,
    scripts and styles."""
    content = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", content)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"(?s)<[^>]+>", " ", content)))


@pytest.fixture
def superuser_client(db):
    admin = make_user("quantri_he_thong", is_superuser=True, is_staff=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(admin)
    return client


def admin_pages(user: User) -> list[str]:
    return [
        reverse("admin:index"),
        reverse("admin:accounts_user_change", args=[user.pk]),
        reverse("admin:auth_user_password_change", args=[user.pk]),
        reverse("admin:accounts_user_history", args=[user.pk]),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:axes_accesslog_changelist"),
        reverse("admin:axes_accessfailurelog_changelist"),
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:organizations_import"),
    ]


def test_the_admin_pages_show_no_english(superuser_client):
    user = make_user("nguoi_dung")
    for path in admin_pages(user):
        response = superuser_client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.content.decode())
        found = [word for word in ENGLISH if word in text]
        assert found == [], (path, found)


def test_a_refused_user_form_says_so_in_vietnamese(superuser_client):
    user = make_user("nguoi_dung")

    response = superuser_client.post(
        reverse("admin:accounts_user_change", args=[user.pk]), {"username": ""}
    )

    text = visible_text(response.content.decode())
    assert "Đề nghị sửa các lỗi dưới đây." in text
    assert "Please correct" not in text


def test_the_user_form_has_no_groups_nor_permissions(superuser_client):
    user = make_user("nguoi_dung")

    content = superuser_client.get(
        reverse("admin:accounts_user_change", args=[user.pk])
    ).content.decode()

    assert 'name="groups"' not in content
    assert 'name="user_permissions"' not in content
    assert "Lịch sử thay đổi" in visible_text(content)


def test_the_import_page_names_the_columns_in_vietnamese(superuser_client):
    text = visible_text(
        superuser_client.get(reverse("admin:organizations_import")).content.decode()
    )

    for header in ("Loại bản ghi", "Cấp ủy cấp trên", "Tên viết tắt", "Từ ngày", "Đến ngày"):
        assert header in text


def test_the_vietnamese_headers_are_read_by_the_importer():
    from giaoban.text import fold
    from organizations import importer

    for column, header in importer.VIETNAMESE_HEADERS.items():
        key = fold(header).replace(" ", "_")
        assert importer.HEADER_ALIASES[key] == column, header
