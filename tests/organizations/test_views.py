"""The in-app organization pages: names as of a date, reporters, scoping, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations import services
from tests.factories import make_organization, make_role, make_user


def login(client, user):
    client.force_login(user)
    return client


def test_staff_see_their_organizations_in_document_order_with_reporters(client, world):
    response = login(client, world.trang).get(reverse("organizations:list"))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Ủy ban MTTQ Việt Nam tỉnh Lâm Giang") < content.index("Hội Nông dân tỉnh")
    assert "Vũ Minh Khôi" in content
    assert "Nguyễn Thu Hà" in content
    assert "Hà Sơn" not in content


def test_past_date_shows_the_names_valid_then(client, world):
    services.rename_organization(
        organization=world.farmers,
        name="Hội Nông dân Việt Nam tỉnh Lâm Giang",
        on=dt.date(2025, 3, 1),
    )
    login(client, world.bao)

    past = client.get(reverse("organizations:list"), {"on": "2024-06-30"}).content.decode()
    now = client.get(reverse("organizations:list")).content.decode()

    assert "Hội Nông dân tỉnh Lâm Giang" in past
    assert "Hội Nông dân Việt Nam tỉnh Lâm Giang" not in past
    assert "Hội Nông dân Việt Nam tỉnh Lâm Giang" in now


def test_another_committee_answers_404(client, world):
    login(client, world.minh)

    assert (
        client.get(reverse("organizations:list"), {"committee": world.lam_giang.pk}).status_code
        == 404
    )
    assert (
        client.get(reverse("tracking_organizations:detail", args=[world.front.pk])).status_code
        == 404
    )
    assert client.get(reverse("tracking_organizations:detail", args=[999999])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(reverse("tracking_organizations:detail", args=[world.front.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_detail_shows_predecessors_and_old_names(client, world):
    successor = make_organization(
        world.lam_giang, "Ủy ban MTTQ tỉnh (hợp nhất)", valid_from=dt.date(2025, 7, 1)
    )
    services.merge_organizations(sources=[world.front], into=successor, on=dt.date(2025, 7, 1))
    login(client, world.trang)

    new_page = client.get(
        reverse("tracking_organizations:detail", args=[successor.pk])
    ).content.decode()
    old_page = client.get(
        reverse("tracking_organizations:detail", args=[world.front.pk]), {"on": "2024-03-31"}
    ).content.decode()

    assert "Hình thành từ" in new_page
    assert "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang" in new_page
    assert "Hợp nhất vào" in old_page
    assert "Ủy ban MTTQ tỉnh (hợp nhất)" in old_page


def test_list_page_queries_do_not_grow_with_organizations(client, world, django_assert_num_queries):
    login(client, world.trang)
    client.get(reverse("organizations:list"))  # warm the session
    with django_assert_num_queries(5) as few:
        client.get(reverse("organizations:list"))
    for index in range(5):
        org = make_organization(world.lam_giang, f"Hội thử nghiệm {index}", kind="other")
        make_role(make_user(f"reporter{index}"), world.lam_giang, "reporter", org)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("organizations:list"))


def test_detail_page_queries_are_fixed(client, world, django_assert_max_num_queries):
    login(client, world.trang)
    with django_assert_max_num_queries(14):
        client.get(reverse("tracking_organizations:detail", args=[world.front.pk]))


# The history of changes as organization_detail.html wrote it from the historical
# records before (issue 19): now from plain values (organizations.queries.changes_of).
TEMPLATE_CHANGES = Template(
    """{% load i18n %}{% for h in changes %}<li class="mb-1">{{ h.history_date|date:"SHORT_DATETIME_FORMAT" }} · {{ h.history_user.get_full_name|default:"—" }} · {{ h.get_history_type_display }}: {{ h.name }}{% if h.valid_until %} ({% translate "ceased to exist on" %} {{ h.valid_until|date:"SHORT_DATE_FORMAT" }}){% endif %}</li>{% endfor %}"""  # noqa: E501
)


@pytest.mark.usefixtures("no_page_cache")
def test_history_of_changes_is_what_the_historical_records_showed(client, world):
    farmers = world.farmers
    services.rename_organization(
        organization=farmers, name="Hội Nông dân Việt Nam tỉnh Lâm Giang", on=dt.date(2025, 1, 1)
    )
    farmers.refresh_from_db()
    farmers.valid_until = dt.date(2026, 1, 1)
    farmers._history_user = world.trang  # who made the change, as the middleware says
    farmers.save()
    nameless = make_user("nameless", "")
    farmers.short_name = "Nông dân <tỉnh>"
    farmers._history_user = nameless  # shown by their username
    farmers.save()
    login(client, world.trang)

    html = client.get(reverse("tracking_organizations:detail", args=[farmers.pk])).content.decode()

    ours = html.split('<ul class="list-unstyled small mb-0">', 1)[1].split("</ul>", 1)[0]
    records = farmers.history.select_related("history_user")[:20]
    theirs = TEMPLATE_CHANGES.render(Context({"changes": records}))
    assert parse_html(ours) == parse_html(theirs), f"{ours}\n---\n{theirs}"
    assert ours.count("<li") == len(records) >= 3
    assert "nameless" in ours
    assert "Lê Thị Thu Trang" in ours


@pytest.mark.usefixtures("no_page_cache")
def test_detail_page_reads_successions_only_of_a_merged_organization(
    client, world, django_assert_num_queries
):
    login(client, world.trang)
    url = reverse("tracking_organizations:detail", args=[world.front.pk])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as unmerged:
        client.get(url)
    successions = 'SELECT "organizations_succession"'
    assert not any(q["sql"].startswith(successions) for q in unmerged)
    successor = make_organization(
        world.lam_giang, "Ủy ban MTTQ tỉnh (hợp nhất)", valid_from=dt.date(2025, 7, 1)
    )
    services.merge_organizations(sources=[world.front], into=successor, on=dt.date(2025, 7, 1))

    with django_assert_num_queries(len(unmerged.captured_queries) + 1):
        page = client.get(url).content.decode()
    assert "Ủy ban MTTQ tỉnh (hợp nhất)" in page


@pytest.mark.usefixtures("no_page_cache")
def test_detail_page_of_an_organization_without_recorded_names(client, world):
    """Read with its names; one made outside the services, without any, is read alone."""
    world.farmers.names.all().delete()
    login(client, world.trang)

    response = client.get(reverse("tracking_organizations:detail", args=[world.farmers.pk]))

    assert response.status_code == 200
    assert response.context["names"] == []
    assert world.farmers.name in response.content.decode()
    login(client, world.minh)  # of another committee
    assert (
        client.get(reverse("tracking_organizations:detail", args=[world.farmers.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    "typed", ["30/6/2024", "30/06/2024", "30.6.2024", "30-6-2024", "2024-06-30"]
)
def test_the_list_reads_its_date_day_first_and_shows_it_as_the_app_writes_it(client, world, typed):
    services.rename_organization(
        organization=world.farmers,
        name="Hội Nông dân Việt Nam tỉnh Lâm Giang",
        on=dt.date(2025, 3, 1),
    )
    login(client, world.bao)

    page = client.get(reverse("organizations:list"), {"on": typed}).content.decode()

    assert "Hội Nông dân tỉnh Lâm Giang" in page
    assert "Hội Nông dân Việt Nam tỉnh Lâm Giang" not in page
    field = parse_html(page[page.index('<input type="text" name="on"') :].split(">", 1)[0] + ">")
    attributes = dict(field.attributes)
    assert attributes["value"] == "30/6/2024"
    assert "data-datepicker" in attributes
    assert attributes["placeholder"] == "ngày/tháng/năm"
    assert 'type="date"' not in page


def test_a_date_the_list_cannot_read_is_shown_back_with_a_vietnamese_error(client, world):
    login(client, world.bao)

    response = client.get(reverse("organizations:list"), {"on": "31/2/2024"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="31/2/2024"' in page
    assert "is-invalid" in page
    assert 'aria-invalid="true"' in page
    assert "Không có ngày 31/2/2024 trong lịch: đề nghị kiểm tra lại ngày và tháng." in page
    assert "Hội Nông dân tỉnh Lâm Giang" in page  # today's list, meanwhile


def test_the_organization_page_reads_its_date_day_first_too(client, world):
    services.rename_organization(
        organization=world.farmers,
        name="Hội Nông dân Việt Nam tỉnh Lâm Giang",
        on=dt.date(2025, 3, 1),
    )
    login(client, world.trang)
    url = world.farmers.get_absolute_url()

    for typed in ("30/6/2024", "30.6.2024", "30-6-2024", "2024-06-30"):
        page = client.get(url, {"on": typed}).content.decode()
        assert "on=2024-06-30" in page, typed  # the way back to the list keeps the date
