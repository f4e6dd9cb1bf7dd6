"""Fixtures shared by the whole suite: personas and the database line of the header.

The ``world`` persona set: two provinces. In Lâm Giang: Trang (staff), Bảo
(leader), Khôi (reporter of the Front), Hà (reporter of the Farmers'
Association), Nam (admin); its organizations are the Front and the Farmers'
Association. In Hà Sơn: Minh (staff).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.conf import settings

from giaoban.demo import DEMO_PASSWORD, load_demo_data
from meetings.models import Conclusion, Directive
from organizations.models import CommitteeLevel, RoleKind
from tests import page_cache_guard, richtext_guard
from tests.factories import (
    make_committee,
    make_meeting,
    make_organization,
    make_role,
    make_user,
)
from tracking.models import DirectiveAssignment


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
def two_factor_optional(settings):
    """Admins must set up two-factor sign-in; tests/security/test_two_factor.py covers that,
    the other tests sign admins in without it."""
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = False


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests hash passwords with a cheap hasher; production keeps PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_sessionstart(session):
    page_cache_guard.install()
    richtext_guard.install()


@pytest.fixture(autouse=True)
def rich_text_cleaned_when_saved():
    """Rich text shown was cleaned when it was saved (tests/richtext_guard.py): text that
    cleaning would change, given to ``|richtext``, fails the test."""
    richtext_guard.start()
    yield
    failures = richtext_guard.stop()
    if failures:
        pytest.fail("\n\n".join(dict.fromkeys(failures)), pytrace=False)


@pytest.fixture(autouse=True)
def page_cache_told():
    """Every write of data pages show names its committees (tests/page_cache_guard.py):
    a transaction of the application that forgot fails the test."""
    page_cache_guard.start()
    yield page_cache_guard.guard
    failures = page_cache_guard.stop()
    if failures:
        pytest.fail("\n\n".join(dict.fromkeys(failures)), pytrace=False)


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no page kept from another (their stamps restart with the
    database)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def pages_never_share_a_place(settings):
    """A reader's pages pick their place by a hash of their address (``pagecache._key``),
    and two pages that share one replace each other: by design, and rare with
    production's 200 places, but addresses hold ids that differ from run to run
    (PostgreSQL's sequences are not reset between tests), and a test that reads a page
    again must not depend on them. Tests get so many places that no two of their pages
    share one; the tests of the bound and of a shared place set their own."""
    settings.PAGE_CACHE_PER_READER = 1 << 50


@pytest.fixture
def no_page_cache(settings):
    """Every request renders its page and its shared parts: for tests that count the
    queries of rendering."""
    settings.PAGE_CACHE = False
    settings.FRAGMENT_CACHE = False


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of a test go to a folder of its own, removed afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_accounts(db):
    """The demo accounts of ``make run``: canbo, baocaovien, lanhdao, quantri."""
    load_demo_data()
    return {"password": DEMO_PASSWORD}


def reader(user, language: str = "vi"):
    """A browser signed in as ``user`` (without the sign-in page), reading in ``language``."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    if language != "vi":
        client.post(reverse("set_language"), {"language": language})
    return client


def sign_in(client, username: str, password: str):
    """Sign in through the real sign-in page (django-axes needs the request)."""
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.fixture
def staff_client(client, demo_accounts):
    response = sign_in(client, "canbo", DEMO_PASSWORD)
    assert response.status_code == 302
    return client


@pytest.fixture
def world(db):
    lam_giang = make_committee("Tỉnh ủy Lâm Giang")
    ha_son = make_committee("Tỉnh ủy Hà Sơn")
    commune = make_committee(
        "Đảng ủy xã Tân Hòa", level=CommitteeLevel.COMMUNE, parent=lam_giang, suffix="ĐU"
    )
    front = make_organization(lam_giang, "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang", kind="front")
    farmers = make_organization(lam_giang, "Hội Nông dân tỉnh Lâm Giang", kind="farmers")
    foreign_front = make_organization(ha_son, "Ủy ban MTTQ Việt Nam tỉnh Hà Sơn", kind="front")
    commune_front = make_organization(commune, "Ủy ban MTTQ Việt Nam xã Tân Hòa", kind="front")

    w = SimpleNamespace(
        lam_giang=lam_giang,
        ha_son=ha_son,
        commune=commune,
        front=front,
        farmers=farmers,
        foreign_front=foreign_front,
        commune_front=commune_front,
        trang=make_user("trang", "Lê Thị Thu Trang"),
        bao=make_user("bao", "Đặng Quốc Bảo"),
        khoi=make_user("khoi", "Vũ Minh Khôi"),
        ha=make_user("ha", "Nguyễn Thu Hà"),
        nam=make_user("nam", "Trịnh Hoài Nam"),
        minh=make_user("minh", "Phan Văn Minh"),
    )
    make_role(w.trang, lam_giang, RoleKind.STAFF)
    make_role(w.bao, lam_giang, RoleKind.LEADER)
    make_role(w.khoi, lam_giang, RoleKind.REPORTER, front)
    make_role(w.ha, lam_giang, RoleKind.REPORTER, farmers)
    make_role(w.nam, lam_giang, RoleKind.ADMIN)
    make_role(w.minh, ha_son, RoleKind.STAFF)
    return w


@pytest.fixture
def dan_van(world):
    return make_organization(world.lam_giang, "Ban Dân vận Tỉnh ủy", kind="party_body")


@pytest.fixture
def meeting(world):
    """Quý I/2024 of Lâm Giang, held on 19/4/2024."""
    return make_meeting(
        world.lam_giang,
        "2024-Q1",
        held_on=dt.date(2024, 4, 19),
        chair_name="Phạm Minh Đức",
        chair_title="Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh",
    )


@pytest.fixture
def issued(world):
    """Quý I/2024 of Lâm Giang concluded with three directives due 30/6/2024."""

    def make(period="2024-Q1", held_on=None, texts=("Một", "Hai", "Ba")):
        held_on = held_on or dt.date(2024, 4, 19)
        meeting = make_meeting(world.lam_giang, period, held_on=held_on)
        conclusion = Conclusion.objects.create(
            meeting=meeting, status="issued", notice_number="45-TB/TU", issued_on=held_on
        )
        directives = []
        for position, text in enumerate(texts, start=1):
            directive = Directive.objects.create(
                conclusion=conclusion,
                position=position,
                text=f"Nhiệm vụ {text}",
                due_period_year=meeting.period.next().year,
                due_period_kind=meeting.period.next().kind,
                deadline=meeting.period.next().end,
            )
            DirectiveAssignment.objects.create(
                directive=directive, organization=world.front, is_lead=True
            )
            directives.append(directive)
        return meeting, directives

    return make
