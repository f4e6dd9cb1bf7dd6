"""The menu, messages and footer of every page (``giaoban/templatetags/chrome.py``): what
each reader sees in them, escaped, in their language."""

import re

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.template import engines
from django.test import Client, RequestFactory
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from giaoban.demo import DEMO_PASSWORD
from tests.conftest import sign_in


def signed_in(username: str) -> Client:
    client = Client()
    assert sign_in(client, username, DEMO_PASSWORD).status_code == 302
    return client


def menu(html: str) -> dict[str, str]:
    """The menu's entries: label → the class of their link."""
    nav = html[html.index('id="main-nav"') : html.index('role="search"')]
    return {
        label: classes
        for classes, label in re.findall(r'<a class="(nav-link[^"]*)"[^>]*>([^<]+)</a>', nav)
    }


def test_staff_see_the_menu_with_the_page_they_are_on_marked(demo_accounts):
    page = signed_in("canbo").get("/meetings/").content.decode()

    entries = menu(page)
    assert list(entries)[:3] == ["Trang chủ", "Hội nghị", "Nhiệm vụ được giao"]
    assert entries["Hội nghị"] == "nav-link active"
    assert entries["Trang chủ"] == "nav-link"
    assert "Hệ thống" not in entries
    assert 'aria-current="page"' not in page
    assert 'aria-label="Điều hướng chính"' in page
    assert "Đăng nhập với tài khoản <strong>canbo</strong>" in page
    assert '<html lang="vi" data-rt-bold="Chữ đậm"' in page
    assert 'data-keep-alive-seconds="' in page


def test_the_home_page_is_marked_current(demo_accounts):
    page = signed_in("canbo").get("/").content.decode()

    assert menu(page)["Trang chủ"] == "nav-link active"
    assert 'aria-current="page" href="/"' in page


def test_an_administrator_and_a_superuser_see_their_entries(demo_accounts):
    get_user_model().objects.filter(username="quantri").update(is_superuser=True)

    page = signed_in("quantri").get("/organizations/manage/").content.decode()

    entries = menu(page)
    assert entries["Quản trị"] == "nav-link active"
    assert entries["Hệ thống"] == "nav-link"
    assert entries["Tổ chức"] == "nav-link"


def test_the_search_box_keeps_what_was_searched_escaped(demo_accounts):
    client = signed_in("canbo")

    page = client.get("/search/", {"q": 'dân vận "<b>'}).content.decode()
    elsewhere = client.get("/meetings/", {"q": "dân vận"}).content.decode()

    assert (
        f'name="q" maxlength="200" value="{escape(chr(100) + "ân vận " + chr(34) + "<b>")}"' in page
    )
    assert 'name="q" maxlength="200" value=""' in elsewhere


def test_messages_are_shown_escaped_with_their_kind(demo_accounts):
    request = RequestFactory().get("/meetings/")
    request.user = get_user_model().objects.get(username="canbo")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.success(request, "Đã lưu “<b>Kế hoạch</b>”.")
    messages.error(request, mark_safe('Xem <a href="/meetings/">danh sách</a>.'))
    messages.info(request, "Ghi chú")
    page = (
        engines["django"]
        .from_string('{% extends "base.html" %}{% block content %}{% endblock %}')
        .render({}, request)
    )

    alerts = re.findall(
        r'<div class="alert alert-(\w+) alert-dismissible[^>]*>\s*(.*?)\s*<button', page
    )
    assert alerts == [
        ("success", "Đã lưu “&lt;b&gt;Kế hoạch&lt;/b&gt;”."),
        ("danger", 'Xem <a href="/meetings/">danh sách</a>.'),
        ("info", "Ghi chú"),
    ]
    assert page.count('aria-label="Đóng"') == 3


def test_a_page_without_messages_has_no_alert(demo_accounts):
    page = signed_in("canbo").get("/meetings/").content.decode()

    assert 'class="messages"' not in page


def test_a_visitor_sees_no_menu_and_the_language_choice(db):
    page = Client().get("/accounts/login/?next=/meetings/").content.decode()

    assert 'id="main-nav"' not in page
    assert "data-keep-alive" not in page
    vietnamese = get_language_info("vi")["name_local"]  # as Django spells it
    assert f'<option value="vi" lang="vi" selected>{vietnamese}</option>' in page
    assert '<option value="en" lang="en">English</option>' in page
    assert 'name="next" type="hidden" value="/accounts/login/?next=/meetings/"' in page
    assert page.count('name="csrfmiddlewaretoken"') >= 1


@pytest.mark.parametrize(
    "language, labels",
    [
        ("vi", ["Trang chủ", "Hội nghị", "Tổ chức"]),
        ("en", ["Home", "Meetings", "Organizations"]),
    ],
)
def test_the_menu_speaks_the_reader_s_language(demo_accounts, language, labels):
    client = signed_in("canbo")
    client.post("/i18n/setlang/", {"language": language, "next": "/"})

    page = client.get("/meetings/").content.decode()

    assert set(labels) <= set(menu(page))
    assert f'<html lang="{language}"' in page
    assert f'<option value="{language}" lang="{language}" selected>' in page


def test_one_token_serves_both_forms_of_the_page(demo_accounts):
    page = signed_in("canbo").get("/meetings/").content.decode()

    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) >= 2
    assert len(set(tokens[:2])) == 1
