"""Django's admin, for superusers, reads in Vietnamese throughout: third-party apps'
names (django-axes, django-otp) included, no permissions nor groups (roles say what a
person may do), no password-hash internals, a history button in plain words."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.factories import make_committee, make_organization, make_role, make_user

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
    # django-otp's device form and list
    "Identity",
    "Timestamps",
    "Configuration",
    "Throttling",
    "QR Code",
    "qrcode",
    "Install",
    # django-axes's records, action and column
    "Attempted Access",
    "Failed access",
    "Access Log",
    "Clean up",
    "expiration",
    "Expires At",
    # django-simple-history's history pages
    "View history",
    "Changed by",
    "Change reason",
    "Choose a date",
    "doesn't have",
    "doesn’t have",
    # Django's own Vietnamese with English words in it
    "superuser",
    "trang admin",
    "web admin",
    "tình trạng nhân viên",
    "Tình trạng nhân viên",
]

# English words that may be parts of longer words or of data (an e-mail address, a user
# name): looked for as whole words.
ENGLISH_WORDS = ["State", "Status", "None", "Object", "Comment", "Created", "email", "Email"]
ENGLISH_WORDS += ["admin", "File"]


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


def english_in(text: str) -> list[str]:
    found = [phrase for phrase in ENGLISH if phrase in text]
    return found + [
        word for word in ENGLISH_WORDS if re.search(rf"(?<![\w@.]){word}(?![\w@])", text)
    ]


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
        assert english_in(visible_text(response.content.decode())) == [], path


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


@pytest.fixture
def records(db):
    """One record of each kind the admin lists, so that each list has a row to open."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    committee = make_committee()
    organization = make_organization(committee)
    person = make_user("nguoi_dung", email="nguoi.dung@example.vn")
    make_role(person, committee, "reporter", organization)
    now = timezone.now()
    seen = {"ip_address": "127.0.0.1", "user_agent": "Mozilla/5.0", "http_accept": "text/html"}
    AccessAttempt.objects.create(
        username="nguoi_dung",
        path_info="/accounts/login/",
        attempt_time=now,
        get_data="",
        post_data="username=nguoi_dung",
        failures_since_start=2,
        **seen,
    )
    AccessFailureLog.objects.create(
        username="nguoi_dung",
        path_info="/accounts/login/",
        attempt_time=now,
        locked_out=True,
        **seen,
    )
    AccessLog.objects.create(
        username="nguoi_dung", path_info="/accounts/login/", attempt_time=now, **seen
    )
    return {"device": TOTPDevice.objects.create(user=person, name="Điện thoại", confirmed=True)}


def test_the_authenticator_app_form_reads_in_vietnamese(superuser_client, records):
    device = records["device"]
    for path in (
        reverse("admin:otp_totp_totpdevice_add"),
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
    ):
        response = superuser_client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.content.decode())
        assert english_in(text) == [], path
        for title in ("Thiết bị", "Thời gian", "Thiết lập", "Độ lệch đồng hồ", "Xác minh sai"):
            assert title in text, (path, title)


def test_the_qr_code_page_reads_in_vietnamese(superuser_client, records):
    path = reverse("admin:otp_totp_totpdevice_config", args=[records["device"].pk])

    response = superuser_client.get(path)

    assert response.status_code == 200
    # Less the device's otpauth:// address ("…&algorithm=SHA1…"), for the app to read.
    text = visible_text(response.content.decode()).replace(records["device"].config_url, "")
    assert english_in(text) == []
    assert "otpauth://" not in text


def test_the_user_form_says_superuser_and_email_in_vietnamese(superuser_client, records):
    user = User.objects.get(username="nguoi_dung")
    text = visible_text(
        superuser_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    )

    assert "Quyền quản trị hệ thống" in text
    assert "Địa chỉ thư điện tử" in text
    assert "trang quản trị" in text


def test_sign_in_records_are_named_in_words(superuser_client, records):
    from axes.models import AccessFailureLog

    failure = AccessFailureLog.objects.get()
    text = visible_text(
        superuser_client.get(
            reverse("admin:axes_accessfailurelog_change", args=[failure.pk])
        ).content.decode()
    )

    assert "Đăng nhập sai bằng tài khoản nguoi_dung lúc" in text
    assert "từ địa chỉ 127.0.0.1 (bị khóa)" in text


REGISTERED = sorted(
    f"{model._meta.app_label}_{model._meta.model_name}" for model in admin.site._registry
)


def index_links(client: Client) -> set[str]:
    content = client.get(reverse("admin:index")).content.decode()
    return set(re.findall(r'href="(/admin/[a-z_]+/[a-z_]+/(?:add/)?)"', content))


def test_the_index_links_only_to_the_pages_checked_below(superuser_client):
    pages = {
        reverse(f"admin:{name}_{view}") for name in REGISTERED for view in ("changelist", "add")
    }
    links = index_links(superuser_client)

    assert links
    assert links <= pages


@pytest.mark.parametrize("name", REGISTERED)
def test_each_admin_page_from_the_index_shows_no_english(superuser_client, records, name):
    """Each list and add page the index links to, and the first row of each list with its
    history, read in Vietnamese."""
    links = index_links(superuser_client)
    paths = [reverse(f"admin:{name}_{view}") for view in ("changelist", "add")]
    paths = [path for path in paths if path in links]
    changelist = reverse(f"admin:{name}_changelist")
    if changelist in paths:
        content = superuser_client.get(changelist).content.decode()
        row = re.search(r'<t[hd] class="field-[^"]*"><a href="([^"?]+)', content)
        if row:
            change = html.unescape(row.group(1))
            paths += [change, change.replace("/change/", "/history/")]
    for path in paths:
        response = superuser_client.get(path)
        assert response.status_code == 200, path
        assert english_in(visible_text(response.content.decode())) == [], path
