"""Every value a view reads straight from the request (an id, a page, a date) answers a
form error, a page or a 404 when it is not what it should be: never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import sign_in

NOT_IDS = ["abc", "²", "1.5", "1e3", "99999999999999999999", "-1", "\x00", "[]"]


def client_as(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def new_meeting(committee) -> dict:
    return {
        "committee": committee,
        "title": "",
        "period_kind": "Q3",
        "period_year": "2024",
        "held_on": "2024-10-10",
        "place": "Hội trường Tỉnh ủy",
        "chair_name": "Phạm Minh Đức",
        "summary": "",
        "attendance-TOTAL_FORMS": "0",
        "attendance-INITIAL_FORMS": "0",
    }


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_new_meeting_for_a_committee_that_is_not_an_id_is_a_form_error(world, value):
    response = client_as(world.trang).post(reverse("meetings:create"), new_meeting(value))

    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()


def test_a_new_meeting_for_a_committee_the_user_does_not_staff_is_a_form_error(world):
    response = client_as(world.trang).post(reverse("meetings:create"), new_meeting(world.ha_son.pk))

    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()


@pytest.mark.parametrize("value", NOT_IDS)
@pytest.mark.parametrize(
    ("name", "parameter"),
    [
        ("meetings:list", "committee"),
        ("meetings:list", "page"),
        ("meetings:list", "year"),
        ("search:results", "committee"),
        ("search:results", "organization"),
        ("search:results", "page"),
        ("tracking:board", "committee"),
        ("tracking:board", "organization"),
        ("tracking:board", "page"),
        ("tracking:dashboard", "committee"),
        ("tracking:proposals", "committee"),
        ("tracking:proposals", "page"),
        ("tracking:proposals", "disposition"),
        ("organizations:list", "committee"),
        ("organizations:list", "on"),
        ("home", "committee"),
    ],
)
def test_a_list_with_a_parameter_that_is_not_an_id_answers_a_page_or_a_404(
    world, name, parameter, value
):
    query = {parameter: value}
    if name == "search:results":
        query["q"] = "Mặt trận"

    response = client_as(world.trang).get(reverse(name), query)

    assert response.status_code in (200, 404), response.content[:300]


@pytest.mark.parametrize("value", [*NOT_IDS, "a\x00b", "x" * 500, "%", "a&b"])
@pytest.mark.parametrize(
    ("name", "parameter"),
    [
        ("organizations:manage", "committee"),
        ("organizations:manage", "page"),
        ("tracking_organizations:manage_merge", "source"),
        ("tracking_organizations:manage_merge", "committee"),
        ("organizations:manage_people", "q"),
        ("organizations:manage_people", "page"),
        ("organizations:manage_people", "committee"),
    ],
)
def test_an_administration_page_with_a_parameter_that_is_not_right_answers_a_page_or_a_404(
    world, name, parameter, value
):
    response = client_as(world.nam).get(reverse(name), {parameter: value})

    assert response.status_code in (200, 404), response.content[:300]


@pytest.mark.parametrize("value", ["abc", "²", "2024-02-30", "\x00", "9" * 30])
def test_an_organization_on_a_day_that_is_not_a_date_answers_its_page(world, value):
    url = reverse("tracking_organizations:detail", args=[world.front.pk])

    response = client_as(world.trang).get(url, {"on": value})

    assert response.status_code == 200


@pytest.mark.parametrize("value", ["abc", "\x00", "", "x" * 500])
def test_ending_a_session_that_is_not_ones_own_changes_nothing(world, value):
    from accounts.models import UserSession

    client = Client(raise_request_exception=False)
    sign_in(client, "trang", "test-password-123")
    assert UserSession.objects.filter(user=world.trang).count() == 1

    response = client.post(reverse("session_end"), {"session_key": value})

    assert response.status_code == 302
    assert UserSession.objects.filter(user=world.trang).count() == 1
    assert client.get(reverse("sessions")).status_code == 200  # still signed in
