"""A form refused because the session or its token expired is kept and given back, filled
in, after signing in again (accounts/kept_forms.py); typing keeps the session alive, never
past its cap (accounts/middleware.py)."""

from __future__ import annotations

import json
import re
import time

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.kept_forms import BROWSER_COOKIE
from accounts.middleware import SIGNED_IN_AT, TOUCHED_AT
from accounts.models import KeptForm
from meetings.models import Report
from organizations.models import RoleKind
from tests.browser.conftest import PERSONA_PASSWORD
from tests.conftest import sign_in
from tests.factories import make_role, make_user

TEXT = "<p>Vận động Quỹ Vì người nghèo được 1,2 tỷ đồng.</p>"


def report_url(meeting, organization):
    return reverse("reports:edit", args=[meeting.pk, organization.pk])


def report_form(**changes) -> dict:
    return {
        "csrfmiddlewaretoken": "x" * 32,
        "submission_token": "c" * 32,
        "version": "",
        "results": TEXT,
        "shortcomings": "",
        "difficulties": "",
        "next_tasks": "",
        "proposals-TOTAL_FORMS": "0",
        "proposals-INITIAL_FORMS": "0",
        "save": "",
        **changes,
    }


def kept_fields(response) -> list | None:
    match = re.search(
        r'<script id="kept-form" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1)) if match else None


def end_session(client) -> None:
    """The session ends on the server, as after 15 idle minutes."""
    Session.objects.filter(session_key=client.session.session_key).delete()


def test_a_report_sent_to_an_ended_session_comes_back_after_sign_in(client, world, meeting):
    assert sign_in(client, "khoi", PERSONA_PASSWORD).status_code == 302
    end_session(client)

    refused = client.post(report_url(meeting, world.front), report_form())

    assert refused.status_code == 302
    assert refused["Location"].startswith("/accounts/login/?next=")
    kept = KeptForm.objects.get()
    assert kept.user == world.khoi
    assert ["results", TEXT] in kept.fields
    assert not {"csrfmiddlewaretoken", "submission_token"} & {name for name, _v in kept.fields}
    login_page = client.get(refused["Location"])
    assert "sẽ được điền lại" in login_page.content.decode()

    sign_in(client, "khoi", PERSONA_PASSWORD)
    page = client.get(report_url(meeting, world.front))

    assert ["results", TEXT] in kept_fields(page)
    assert "đề nghị kiểm tra rồi lưu lại" in page.content.decode()
    assert not Report.objects.exists()  # nothing saved for them
    assert not KeptForm.objects.exists()  # given back once
    assert kept_fields(client.get(report_url(meeting, world.front))) is None


def test_a_kept_form_is_not_given_to_another_person(client, world, meeting):
    other_staff = make_user("lan", "Hoàng Thị Lan")
    make_role(other_staff, world.lam_giang, RoleKind.STAFF)
    sign_in(client, "trang", PERSONA_PASSWORD)
    end_session(client)
    client.post(report_url(meeting, world.front), report_form())
    assert KeptForm.objects.get().user == world.trang

    sign_in(client, "lan", PERSONA_PASSWORD)  # same browser, another person
    page = client.get(report_url(meeting, world.front))

    assert page.status_code == 200
    assert kept_fields(page) is None
    assert TEXT not in page.content.decode()
    assert KeptForm.objects.exists()  # still Trang's, until it expires


def test_a_kept_form_is_not_given_to_another_browser(client, world, meeting):
    sign_in(client, "khoi", PERSONA_PASSWORD)
    end_session(client)
    client.post(report_url(meeting, world.front), report_form())

    elsewhere = Client()
    sign_in(elsewhere, "khoi", PERSONA_PASSWORD)
    elsewhere.cookies["giaoban_kept"] = "1"

    assert kept_fields(elsewhere.get(report_url(meeting, world.front))) is None
    assert KeptForm.objects.exists()


def test_a_browser_where_nobody_signed_in_keeps_nothing(client, world, meeting):
    response = client.post(report_url(meeting, world.front), report_form())

    assert response.status_code == 302
    assert not KeptForm.objects.exists()


def test_a_forged_browser_cookie_keeps_nothing(client, world, meeting):
    client.cookies[BROWSER_COOKIE] = "made-up"
    client.post(report_url(meeting, world.front), report_form())

    assert not KeptForm.objects.exists()


def test_an_expired_form_token_keeps_the_form_and_offers_it_again(world, meeting):
    client = Client(enforce_csrf_checks=True)
    sign_in_page = client.get("/accounts/login/")
    token = sign_in_page.cookies["csrftoken"].value
    client.post(
        "/accounts/login/",
        {"username": "khoi", "password": PERSONA_PASSWORD, "csrfmiddlewaretoken": token},
    )

    refused = client.post(report_url(meeting, world.front), report_form())

    assert refused.status_code == 403
    body = refused.content.decode()
    assert "Biểu mẫu đã hết hạn" in body and "được giữ lại" in body
    assert f'href="{report_url(meeting, world.front)}"' in body
    page = client.get(report_url(meeting, world.front))
    assert ["results", TEXT] in kept_fields(page)
    assert not Report.objects.exists()


def test_passwords_and_sign_in_forms_are_never_kept(client, world):
    sign_in(client, "khoi", PERSONA_PASSWORD)
    end_session(client)

    client.post("/accounts/password/", {"old_password": "a", "new_password1": "b"})
    client.post("/accounts/login/", {"username": "khoi", "password": "wrong"})

    assert not KeptForm.objects.exists()


def test_a_form_larger_than_the_limit_is_not_kept(client, world, meeting, settings):
    settings.GIAOBAN_DRAFT_MAX_KB = 1
    sign_in(client, "khoi", PERSONA_PASSWORD)
    end_session(client)

    client.post(report_url(meeting, world.front), report_form(results="<p>" + "a" * 2000))

    assert not KeptForm.objects.exists()


def test_typing_keeps_the_session_alive(client, world, settings):
    sign_in(client, "khoi", PERSONA_PASSWORD)
    session = client.session
    session[TOUCHED_AT] = time.time() - 14 * 60  # 14 minutes without a request
    session.save()

    assert client.post(reverse("keep_alive")).status_code == 204

    left = client.session.get_expiry_age()
    assert settings.SESSION_COOKIE_AGE - 5 <= left <= settings.SESSION_COOKIE_AGE


def test_keep_alive_never_passes_the_eight_hour_cap(client, world, settings):
    sign_in(client, "khoi", PERSONA_PASSWORD)
    session = client.session
    started = time.time() - settings.SESSION_MAX_HOURS * 3600 + 120  # two minutes left
    session[SIGNED_IN_AT] = started
    session[TOUCHED_AT] = 0
    session.save()

    client.post(reverse("keep_alive"))

    stored = Session.objects.get(session_key=client.session.session_key)
    assert stored.expire_date.timestamp() <= started + settings.SESSION_MAX_HOURS * 3600 + 1
    assert int(client.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) <= 120

    session = client.session
    session[SIGNED_IN_AT] = started - 121  # past the cap
    session.save()
    assert client.post(reverse("keep_alive"), headers={"X-Requested-With": "fetch"})[
        "Location"
    ].startswith("/accounts/login/")
    assert not KeptForm.objects.exists()  # a background request is never kept


def test_keep_alive_when_signed_out_says_so(client, world):
    assert client.post(reverse("keep_alive")).status_code == 401


def test_signing_in_without_a_page_to_go_to_leads_to_the_kept_form(client, world, meeting):
    sign_in(client, "khoi", PERSONA_PASSWORD)
    end_session(client)
    client.post(report_url(meeting, world.front), report_form())

    response = sign_in(client, "khoi", PERSONA_PASSWORD)  # the sign-in page, without next

    assert response["Location"] == report_url(meeting, world.front)
