import pytest

from tests.factories import make_meeting, make_organization


@pytest.fixture
def dan_van(world):
    return make_organization(world.lam_giang, "Ban Dân vận Tỉnh ủy", kind="party_body")


@pytest.fixture
def meeting(world):
    """Quý I/2024 of Lâm Giang, held on 19/4/2024."""
    import datetime as dt

    return make_meeting(
        world.lam_giang,
        "2024-Q1",
        held_on=dt.date(2024, 4, 19),
        chair_name="Phạm Minh Đức",
        chair_title="Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh",
    )
