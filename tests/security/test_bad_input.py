"""Bad input never gives a 500: every form answers with errors or saves faithfully,
and what it saved is shown escaped."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

NASTY = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.just("x" * 20000),
    st.just("\x00\x01\x1b[31m"),
    st.just("Mặt trận 🇻🇳 🙂"),
    st.just("Tie\u0302\u0301n bo\u0323\u0302"),  # combining diacritics
    st.just("<script>alert('x')</script><img src=x onerror=alert(1)>"),
    st.just("'; DROP TABLE meetings_meeting; --"),
    st.just("2024-02-30"),
    st.just("99999999999999999999"),
    st.just("-1"),
    st.just(""),
)
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def client_as(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def assert_no_server_error(response):
    assert response.status_code < 500, response.content[:500]
    body = response.content.decode(errors="replace")
    assert "<script>alert(" not in body


@pytest.mark.django_db(transaction=False)
@SETTINGS
@given(title=NASTY, place=NASTY, chair=NASTY, held_on=NASTY, year=NASTY, summary=NASTY)
def test_meeting_form(world, title, place, chair, held_on, year, summary):
    client = client_as(world.trang)
    response = client.post(
        reverse("meetings:create"),
        {
            "committee": world.lam_giang.pk,
            "title": title,
            "period_kind": "Q3",
            "period_year": year,
            "held_on": held_on,
            "place": place,
            "chair_name": chair,
            "summary": summary,
            "attendance-TOTAL_FORMS": "0",
            "attendance-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert_no_server_error(response)


@SETTINGS
@given(results=NASTY, proposal=NASTY, addressed=NASTY, total=NASTY)
def test_report_form(world, meeting, results, proposal, addressed, total):
    client = client_as(world.khoi)
    response = client.post(
        reverse("meetings:report", args=[meeting.pk, world.front.pk]),
        {
            "results": results,
            "shortcomings": proposal,
            "difficulties": "",
            "next_tasks": "",
            "proposals-TOTAL_FORMS": "1" if total != "-1" else total,
            "proposals-INITIAL_FORMS": "0",
            "proposals-0-text": proposal,
            "proposals-0-addressed_to": addressed,
        },
        follow=True,
    )
    assert_no_server_error(response)


@SETTINGS
@given(number=NASTY, issued_on=NASTY, text=NASTY, due=NASTY, period=NASTY)
def test_conclusion_form(world, meeting, number, issued_on, text, due, period):
    client = client_as(world.trang)
    response = client.post(
        reverse("meetings:conclusion", args=[meeting.pk]),
        {
            "notice_number": number,
            "issued_on": issued_on,
            "assessment": text,
            "shortcomings": "",
            "orientation": "",
            "directives-TOTAL_FORMS": "1",
            "directives-INITIAL_FORMS": "0",
            "directives-0-text": text,
            "directives-0-lead": world.front.pk,
            "directives-0-due_date": due,
            "directives-0-due_period": period,
        },
        follow=True,
    )
    assert_no_server_error(response)


@SETTINGS
@given(q=NASTY, status=NASTY, due=NASTY, origin=NASTY, page=NASTY, day=NASTY)
def test_filters_and_query_strings(world, q, status, due, origin, page, day):
    client = client_as(world.bao)
    for url, params in [
        (
            reverse("tracking:board"),
            {"q": q, "status": status, "due_from": due, "origin": origin, "page": page, "sort": q},
        ),
        (reverse("meetings:list"), {"year": page, "period": status, "committee": q, "page": page}),
        (reverse("organizations:list"), {"on": day, "committee": page}),
        (reverse("tracking:proposals"), {"disposition": status, "page": page}),
    ]:
        assert_no_server_error(client.get(url, params))


def test_text_is_saved_faithfully_and_shown_escaped(world, meeting):
    client = client_as(world.trang)
    nasty = "<b>đậm</b> & <script>alert('x')</script> 'DROP TABLE'; 🙂"
    client.post(
        reverse("meetings:report", args=[meeting.pk, world.front.pk]),
        {
            "results": "<p>Kết quả</p>",
            "shortcomings": "",
            "difficulties": "",
            "next_tasks": "",
            "proposals-TOTAL_FORMS": "1",
            "proposals-INITIAL_FORMS": "0",
            "proposals-0-text": nasty,
            "proposals-0-addressed_to": "",
        },
    )
    from meetings.models import Proposal

    assert Proposal.objects.get().text == nasty
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "🙂" in page
