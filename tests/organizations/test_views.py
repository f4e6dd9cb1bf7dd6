"""The in-app organization pages: names as of a date, reporters, scoping, query counts."""

import datetime as dt

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
