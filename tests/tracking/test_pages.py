"""Board, dashboard, my work and the proposal register: content, scope, fixed queries."""

import datetime as dt

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_report, record_progress
from tracking.models import DirectiveAssignment

D = dt.date


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connections["default"]) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_board_filters_counts_and_bookmarkable_url(client, world, issued):
    issued()
    parts = list(DirectiveAssignment.objects.order_by("pk"))
    record_progress(assignment=parts[0], progress="done", completed_on=D(2024, 6, 1), by=world.khoi)
    client.force_login(world.bao)

    everything = client.get(reverse("tracking:board"))
    overdue = client.get(reverse("tracking:board"), {"status": "overdue", "q": "Hai"})

    counts = {s.value: n for s, n in everything.context["counts"]}
    assert counts["done_on_time"] == 1
    assert counts["overdue"] == 2
    assert [p.text for p in overdue.context["page"]] == ["Nhiệm vụ Hai"]
    assert "Hoàn thành đúng hạn" in everything.content.decode()


@pytest.mark.usefixtures("no_page_cache")
def test_board_filter_by_organization_is_read_from_its_options(client, world, issued):
    """The organization chosen is one of the options read for the filter: no query of its
    own; one of another committee, or no id at all, is refused and nothing is filtered."""
    issued()
    DirectiveAssignment.objects.create(
        directive=DirectiveAssignment.objects.first().directive, organization=world.farmers
    )
    client.force_login(world.trang)
    board = reverse("tracking:board")
    everything = queries_for(client, board)

    for value in (str(world.farmers.pk), f" {world.farmers.pk} "):
        with CaptureQueriesContext(connections["default"]) as captured:
            response = client.get(board, {"organization": value})
        assert len(captured.captured_queries) == everything
        assert [row.organization for row in response.context["page"]] == [world.farmers.name]
    for value in (str(world.foreign_front.pk), "x", "1.5", "99999999999999999999999"):
        response = client.get(board, {"organization": value})
        assert "organization" in response.context["form"].errors
        assert len(response.context["page"]) == 4


def test_staff_update_many_directives_at_once_on_behalf(client, world, issued):
    issued()
    parts = list(DirectiveAssignment.objects.order_by("pk"))
    client.force_login(world.trang)

    client.post(
        reverse("tracking:board"),
        {
            "selected": [parts[0].pk, parts[1].pk],
            "progress": "done",
            "completed_on": "2024-06-20",
            "note": "Theo báo cáo của Mặt trận",
        },
    )

    done = DirectiveAssignment.objects.filter(progress="done")
    assert done.count() == 2
    assert all(u.on_behalf and u.entered_by == world.trang for p in done for u in p.updates.all())


def test_leaders_and_reporters_cannot_update_from_the_board(client, world, issued):
    issued()
    part = DirectiveAssignment.objects.first()
    for user in (world.bao, world.khoi):
        client.force_login(user)
        response = client.post(
            reverse("tracking:board"), {"selected": [part.pk], "progress": "done"}
        )
        assert response.status_code == 404
    assert not part.updates.exists()


def test_another_committee_sees_none_of_it(client, world, issued):
    _meeting, directives = issued()
    client.force_login(world.minh)

    assert (
        client.get(reverse("tracking:board"), {"committee": world.lam_giang.pk}).status_code == 404
    )
    assert client.get(reverse("tracking:directive", args=[directives[0].pk])).status_code == 404
    assert "Nhiệm vụ Một" not in client.get(reverse("tracking:board")).content.decode()
    assert (
        client.get(reverse("tracking:proposals"), {"committee": world.lam_giang.pk}).status_code
        == 404
    )


def test_dashboard_shows_who_reported_and_what_is_late(client, world, issued):
    meeting, _directives = issued(period="2024-Q1")
    make_report(meeting, world.front, status="submitted", results="<p>x</p>")
    client.force_login(world.bao)

    page = client.get("/").content.decode()

    assert "Theo dõi thực hiện kết luận" in page
    assert "Nhiệm vụ quá hạn, từ lâu nhất" in page
    assert "<svg" in page and "https://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


@pytest.mark.usefixtures("no_page_cache")
def test_pages_use_a_fixed_number_of_queries(client, world, issued):
    meeting, _directives = issued()
    client.force_login(world.trang)
    urls = [
        "/",
        reverse("tracking:board"),
        reverse("tracking:board") + "?status=overdue&sort=status",
        reverse("tracking_organizations:detail", args=[world.front.pk]),
        reverse("tracking:proposals"),
    ]
    for url in urls:
        client.get(url)
    few = {url: queries_for(client, url) for url in urls}

    issued(period="2024-Q3", held_on=D(2024, 10, 10), texts=("Bốn", "Năm", "Sáu", "Bảy"))
    for part in DirectiveAssignment.objects.all()[:3]:
        record_progress(assignment=part, progress="in_progress", by=world.khoi)

    assert {url: queries_for(client, url) for url in urls} == few


def test_reporter_home_lists_their_work(client, world, issued):
    meeting, _directives = issued()
    client.force_login(world.khoi)

    page = client.get("/").content.decode()

    assert "Việc của tôi" in page
    assert "Nhiệm vụ Một" in page
    assert "Báo cáo cần gửi" in page
    client.force_login(world.ha)
    assert "Nhiệm vụ Một" not in client.get("/").content.decode()


def test_directives_without_deadline_open_for_more_than_two_periods_are_flagged(
    client, world, issued
):
    from meetings.models import Directive

    _meeting, directives = issued(texts=("Không hạn",))
    Directive.objects.filter(pk=directives[0].pk).update(
        deadline=None, due_period_year=None, due_period_kind=""
    )
    client.force_login(world.bao)

    row = client.get(reverse("tracking:board")).context["page"][0]

    assert row.forgotten
    assert "bị bỏ quên" in client.get(reverse("tracking:board")).content.decode()


def test_organizations_see_the_answers_to_their_proposals_at_the_next_meeting(client, world):
    from meetings.models import Proposal
    from tests.factories import make_meeting

    q1 = make_meeting(world.lam_giang, "2024-Q1", held_on=D(2024, 4, 19))
    report = make_report(q1, world.front, status="accepted", results="<p>x</p>")
    Proposal.objects.create(
        report=report,
        text="Đề nghị bố trí kinh phí Đại hội",
        disposition="answered",
        response="Thường trực Tỉnh ủy đồng ý.",
    )
    Proposal.objects.create(report=report, text="Đề nghị bổ sung biên chế", position=2)
    q2 = make_meeting(world.lam_giang, "2024-Q2", held_on=D(2024, 7, 15))
    client.force_login(world.khoi)

    form_page = client.get(reverse("reports:edit", args=[q2.pk, world.front.pk])).content.decode()
    assert "Kết quả trả lời kiến nghị, đề xuất kỳ trước" in form_page
    assert "Thường trực Tỉnh ủy đồng ý." in form_page

    client.force_login(world.trang)
    register = client.get(reverse("tracking:proposals")).content.decode()
    assert "Còn 1 kiến nghị, đề xuất chờ trả lời" in register
    pending = client.get(reverse("tracking:proposals"), {"disposition": "pending"})
    assert [p.text for p in pending.context["page"]] == ["Đề nghị bổ sung biên chế"]
