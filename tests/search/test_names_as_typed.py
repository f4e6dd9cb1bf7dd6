"""Names are kept as typed ("Tỉnh uỷ" or "Tỉnh ủy") and search takes both spellings
for one, whichever is typed in the query (issue 17, point 9)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import make_organization, make_report

URL = reverse("search:results")


@pytest.fixture
def typed(world, meeting):
    """An organization named "Ban Dân vận Tỉnh uỷ" as typed; one report written with
    "Tỉnh uỷ", the other with "Tỉnh ủy"."""
    dan_van = make_organization(
        world.lam_giang, "Ban Dân vận Tỉnh uỷ", kind="party_body", valid_from=dt.date(2020, 1, 1)
    )
    make_report(
        meeting,
        world.front,
        status="accepted",
        results="<p>Phối hợp với Ban Dân vận Tỉnh uỷ tổ chức hội nghị đối thoại.</p>",
    )
    make_report(
        meeting,
        world.farmers,
        status="accepted",
        results="<p>Báo cáo Thường trực Tỉnh ủy kết quả giải ngân Quỹ hỗ trợ nông dân.</p>",
    )
    return dan_van


def found(client, user, q: str) -> list[str]:
    client.force_login(user)
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return sorted(entry.text for entry in response.context["rows"])


def test_searching_tinh_uy_finds_tinh_uy_typed_with_the_mark_on_the_y(client, world, typed):
    assert found(client, world.trang, "Tỉnh ủy") == [
        "Báo cáo Thường trực Tỉnh ủy kết quả giải ngân Quỹ hỗ trợ nông dân.",
        "Phối hợp với Ban Dân vận Tỉnh uỷ tổ chức hội nghị đối thoại.",
    ]


def test_searching_tinh_uy_with_the_mark_on_the_y_finds_tinh_uy(client, world, typed):
    assert found(client, world.trang, "Tỉnh uỷ") == found(client, world.trang, "Tỉnh ủy")
    assert found(client, world.trang, "Ban Dân vận Tỉnh ủy") == [
        "Phối hợp với Ban Dân vận Tỉnh uỷ tổ chức hội nghị đối thoại."
    ]


def test_the_organization_filter_shows_the_name_as_typed(client, world, typed):
    client.force_login(world.trang)

    content = client.get(URL, {"q": "tỉnh"}).content.decode()

    assert "Ban Dân vận Tỉnh uỷ" in content
