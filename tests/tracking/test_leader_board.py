"""What the leader reads on the board and the dashboard (issue 18), through the test
client: the board sorted by days overdue, its sorting heads and status chips keeping the
other filters, its pages keeping the sort, each overdue part's days, each directive's
identity; the organizations ranked by overdue parts then late share, each linking to its
overdue directives, none of another committee; and the queries of both pages constant
whatever the number of directives."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Conclusion, Directive
from tests.factories import make_meeting
from tracking.models import DirectiveAssignment

pytestmark = pytest.mark.usefixtures("no_page_cache")

BOARD = reverse("tracking:board")
DASHBOARD = reverse("tracking:dashboard")


def give(committee, period, notice, parts, *, position=1):
    """A meeting of ``committee`` in ``period`` whose issued conclusion ``notice`` gives
    one directive per part: ``(organization, deadline, done_on)`` (``done_on``: None when
    not done). Returns the directives."""
    meeting = make_meeting(committee, period)
    conclusion = Conclusion.objects.create(
        meeting=meeting, status="issued", notice_number=notice, issued_on=meeting.held_on
    )
    directives = []
    for n, (organization, deadline, done_on) in enumerate(parts, start=position):
        directive = Directive.objects.create(
            conclusion=conclusion,
            position=n,
            text=f"Nhiệm vụ số {n} của {notice}",
            deadline=deadline,
        )
        DirectiveAssignment.objects.create(
            directive=directive,
            organization=organization,
            is_lead=True,
            progress="done" if done_on else "",
            completed_on=done_on,
        )
        directives.append(directive)
    return directives


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def body_rows(html: str) -> list[str]:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]


def linked_texts(rows: list[str]) -> list[str]:
    return [re.search(r'/">([^<]*)</a>', row).group(1) for row in rows]


def query_of(href: str) -> dict[str, list[str]]:
    return parse_qs(href.replace("&amp;", "&").split("?", 1)[1])


# The board


@pytest.fixture
def overdue_parts(world):
    """Four parts of the Front: overdue by 10, 200 and 45 days, and one not yet due."""
    return give(
        world.lam_giang,
        "2024-Q1",
        "45-TB/TU",
        [
            (world.front, days_ago(10), None),
            (world.front, days_ago(200), None),
            (world.front, days_ago(45), None),
            (world.front, days_ago(-30), None),
        ],
    )


def test_the_board_sorted_by_overdue_lists_the_longest_overdue_first(client, world, overdue_parts):
    client.force_login(world.bao)

    html = client.get(BOARD, {"sort": "overdue"}).content.decode()

    rows = body_rows(html)
    assert linked_texts(rows) == [
        "Nhiệm vụ số 2 của 45-TB/TU",
        "Nhiệm vụ số 3 của 45-TB/TU",
        "Nhiệm vụ số 1 của 45-TB/TU",
        "Nhiệm vụ số 4 của 45-TB/TU",
    ]
    # Each overdue part says by how many days; the one not yet due says nothing.
    assert [re.findall(r'class="days-overdue">([^<]*)<', row) for row in rows] == [
        ["Quá hạn 200 ngày"],
        ["Quá hạn 45 ngày"],
        ["Quá hạn 10 ngày"],
        [],
    ]


def test_each_directive_shows_its_position_notice_and_period(client, world, overdue_parts):
    client.force_login(world.bao)

    rows = body_rows(client.get(BOARD, {"sort": "overdue"}).content.decode())

    identities = [re.search(r'class="directive-id">([^<]*)<', row).group(1) for row in rows]
    assert identities == [
        "Mục 2 · TB 45-TB/TU · Quý I/2024",
        "Mục 3 · TB 45-TB/TU · Quý I/2024",
        "Mục 1 · TB 45-TB/TU · Quý I/2024",
        "Mục 4 · TB 45-TB/TU · Quý I/2024",
    ]
    # Without a notice number: the position and the period only.
    Conclusion.objects.update(notice_number="")
    rows = body_rows(client.get(BOARD, {"sort": "overdue"}).content.decode())
    assert 'class="directive-id">Mục 2 · Quý I/2024<' in rows[0]


def test_the_sorting_heads_keep_the_other_filters_and_mark_the_current_one(
    client, world, overdue_parts
):
    client.force_login(world.bao)
    filters = {"status": "overdue", "organization": world.front.pk, "q": "Nhiệm vụ"}

    html = client.get(BOARD, {**filters, "sort": "-deadline", "page": "1"}).content.decode()

    head = html.split("<thead", 1)[1].split("</thead>", 1)[0]
    heads = re.findall(r"<th [^>]*>.*?</th>", head)
    links = re.findall(r'<a class="sort-link[^"]*" href="([^"]*)"', head)
    assert len(links) == 4  # assignee, deadline, status, days overdue
    for href in links:
        query = query_of(href)
        assert query["status"] == ["overdue"]
        assert query["organization"] == [str(world.front.pk)]
        assert query["q"] == ["Nhiệm vụ"]
        assert query["committee"] == [str(world.lam_giang.pk)]
        assert len(query["sort"]) == 1 and "page" not in query
    # Sorted by deadline, newest first: its head says so, and sorts the other way.
    sorted_heads = [th for th in heads if "aria-sort" in th]
    assert len(sorted_heads) == 1
    assert 'aria-sort="descending"' in sorted_heads[0] and "Thời hạn" in sorted_heads[0]
    assert "sort=deadline" in sorted_heads[0]

    html = client.get(BOARD, {**filters, "sort": "overdue"}).content.decode()
    head = html.split("<thead", 1)[1].split("</thead>", 1)[0]
    sorted_heads = re.findall(r"<th [^>]*aria-sort[^>]*>.*?</th>", head)
    assert len(sorted_heads) == 1
    assert 'aria-sort="descending"' in sorted_heads[0] and "Số ngày quá hạn" in sorted_heads[0]


def test_the_pages_keep_the_sort_and_the_filters(client, world):
    give(
        world.lam_giang,
        "2024-Q1",
        "45-TB/TU",
        [(world.front, days_ago(n + 1), None) for n in range(30)],
    )
    client.force_login(world.bao)

    html = client.get(BOARD, {"sort": "overdue", "status": "overdue"}).content.decode()

    pages = html.split('<ul class="pagination">', 1)[1].split("</ul>", 1)[0]
    (href,) = re.findall(r'class="page-link" href="([^"]*)"', pages)
    query = query_of(href)
    assert query["sort"] == ["overdue"] and query["status"] == ["overdue"]
    assert query["page"] == ["2"]
    # The second page goes on from the first: still the longest overdue first.
    second = client.get(BOARD, {**query, "page": "2"}).content.decode()
    texts = linked_texts(body_rows(second))
    assert texts == [f"Nhiệm vụ số {n} của 45-TB/TU" for n in (5, 4, 3, 2, 1)]


def test_the_chip_of_the_status_filtered_by_is_current(client, world, overdue_parts):
    client.force_login(world.bao)

    html = client.get(BOARD, {"status": "overdue", "sort": "overdue"}).content.decode()

    chips = re.findall(r'<a class="count-chip[^>]*>.*?</a>', html)
    current = [chip for chip in chips if 'aria-current="true"' in chip]
    assert len(current) == 1
    assert "status=overdue" in current[0] and "<strong>3</strong> Quá hạn" in current[0]
    # Each chip keeps the sort.
    assert all("sort=overdue" in chip for chip in chips)

    html = client.get(BOARD).content.decode()
    assert (
        'aria-current="true"' not in html.split('aria-label="Số lượng theo trạng thái"')[1][:3000]
    )


# The leader's home


@pytest.fixture
def lagging(world, dan_van):
    """Ban Dân vận: 3 overdue. The Farmers: 2 overdue, 1 done on time (67 % late). The
    Front: 2 overdue, 2 done on time (50 % late): done 100 days ago, due 90 and 80 days
    ago. Around them, in Hà Sơn and in a commune
    of Lâm Giang, organizations with more overdue parts than any."""
    on_time = days_ago(100)
    give(
        world.lam_giang,
        "2024-Q1",
        "45-TB/TU",
        [
            (world.front, days_ago(50), None),
            (world.front, days_ago(40), None),
            (world.front, days_ago(80), on_time),
            (world.front, days_ago(90), on_time),
            (world.farmers, days_ago(30), None),
            (world.farmers, days_ago(20), None),
            (world.farmers, days_ago(90), on_time),
            (dan_van, days_ago(5), None),
            (dan_van, days_ago(6), None),
            (dan_van, days_ago(7), None),
        ],
    )
    foreign = [(world.foreign_front, days_ago(3), None)] * 5
    give(world.ha_son, "2024-Q1", "12-TB/TU", foreign)
    give(world.commune, "2024-Q1", "3-TB/ĐU", [(world.commune_front, days_ago(3), None)] * 5)
    return dan_van


def lagging_items(html: str) -> list[str]:
    ranked = html.split('<ol class="lagging', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"<li>(.*?)</li>", ranked)


def test_the_leaders_home_ranks_organizations_by_overdue_then_late_share(client, world, lagging):
    client.force_login(world.bao)

    html = client.get("/").content.decode()

    assert "Đơn vị chậm nhất" in html
    items = lagging_items(html)
    names = [re.search(r">([^<]*)</a>", item).group(1) for item in items]
    assert names == ["Ban Dân vận Tỉnh ủy", "Hội Nông dân tỉnh Lâm Giang", world.front.name]
    shown = [re.sub(r"<[^>]*>", "", item.split("</a>", 1)[1]).strip() for item in items]
    assert shown == [
        "3 quá hạn · 100% trễ hạn",
        "2 quá hạn · 67% trễ hạn",
        "2 quá hạn · 50% trễ hạn",
    ]
    # Each name opens the board filtered to that organization's overdue directives.
    for item, organization in zip(items, [lagging, world.farmers, world.front], strict=True):
        href = re.search(r'href="([^"]*)"', item).group(1)
        assert href.startswith(BOARD)
        assert query_of(href) == {
            "committee": [str(world.lam_giang.pk)],
            "status": ["overdue"],
            "organization": [str(organization.pk)],
        }
    # The board it opens lists them.
    board = client.get(href.replace("&amp;", "&")).content.decode()
    assert len(body_rows(board)) == 2
    assert "Quá hạn 40 ngày" in board and "Quá hạn 50 ngày" in board
    # The table by organization, in the same order, with the late share.
    table = html.split("status-table", 1)[1].split("</table>", 1)[0]
    rows = body_rows(table)
    assert [re.search(r"<a [^>]*>([^<]*)</a>", row).group(1) for row in rows] == names
    assert [re.findall(r'data-label="Tỉ lệ trễ hạn">([^<]*)<', row) for row in rows] == [
        ["100%"],
        ["67%"],
        ["50%"],
    ]


def test_no_organization_of_another_committee_is_ranked(client, world, lagging):
    for user in (world.bao, world.trang):
        client.force_login(user)
        html = client.get(DASHBOARD).content.decode()
        assert "Hà Sơn" not in html and "Tân Hòa" not in html
        assert len(lagging_items(html)) == 3
    # Hà Sơn's staff see theirs only.
    client.force_login(world.minh)
    html = client.get(DASHBOARD).content.decode()
    names = [re.search(r">([^<]*)</a>", item).group(1) for item in lagging_items(html)]
    assert names == [world.foreign_front.name]
    assert "Lâm Giang" not in html.split('<ol class="lagging', 1)[1].split("</ol>", 1)[0]


def test_the_dashboard_lists_the_oldest_overdue_with_their_identity(client, world, lagging):
    client.force_login(world.bao)

    html = client.get(DASHBOARD).content.decode()

    overdue = html.split("overdue-table", 1)[1].split("</table>", 1)[0]
    first = body_rows(overdue)[0]
    assert 'class="directive-id">Mục 1 · TB 45-TB/TU · Quý I/2024<' in first
    assert 'data-label="Số ngày quá hạn">50</td>' in first
    assert f'data-label="Đơn vị thực hiện">{world.front.name}</td>' in first


# The queries


def count_queries(client, path: str) -> int:
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        BOARD,
        f"{BOARD}?sort=overdue",
        f"{BOARD}?sort=overdue&status=overdue",
        f"{BOARD}?sort=-deadline&status=done_late",
        DASHBOARD,
    ],
)
def test_the_queries_do_not_grow_with_the_directives(client, world, dan_van, path):
    organizations = [world.front, world.farmers, dan_van]
    client.force_login(world.bao)

    def directives(count: int, start: int):
        give(
            world.lam_giang,
            f"{2020 + start // 10}-Q1",
            f"{start}-TB/TU",
            [
                (
                    organizations[n % 3],
                    days_ago(-5 - n if n % 3 == 2 else 5 + n),
                    days_ago(0) if n % 4 == 0 else None,
                )
                for n in range(count)
            ],
            position=1,
        )

    directives(2, 0)
    with_two = count_queries(client, path)
    directives(18, 10)
    assert DirectiveAssignment.objects.count() == 20
    assert count_queries(client, path) == with_two


def test_a_refused_filter_is_said_with_the_fields_label_not_its_name(client, world):
    client.force_login(world.bao)

    page = client.get(
        reverse("tracking:board"), {"committee": world.lam_giang.pk, "due_from": "31/2/2024"}
    ).content.decode()

    assert 'id="error-summary"' in page
    assert 'href="#id_due_from"' in page
    assert "* due_from" not in page
