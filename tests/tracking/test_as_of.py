"""History entered late is judged by a chosen date, not by today (issue 17, point 2).

A meeting of 2021 entered now: its directive completed on 10/3/2021, due 31/3/2021, is
"done on time" as of any day after, and open and not yet due as of 1/3/2021; progress
that happened after the day asked is not counted. The board, the dashboard, an
organization's page and a meeting's follow-up take the day (``?on=``, typed day first),
today by default; the page cache keeps one page per day asked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Conclusion, Directive
from tests.factories import make_meeting, record_progress
from tracking import services
from tracking.models import (
    DirectiveAssignment,
    Progress,
    Status,
    status_as_of,
    status_condition_as_of,
)

D = dt.date
DEADLINE = D(2021, 3, 31)
BOARD = reverse("tracking:board")
DASHBOARD = reverse("tracking:dashboard")


HELD = D(2021, 1, 15)


def give_2021(world, texts=("Một", "Hai", "Ba"), period="2020-Q4", held_on=HELD):
    """Quý IV/2020 of Lâm Giang, held on 15/1/2021, entered now: its issued conclusion
    gives the Front one directive per text, each due 31/3/2021."""
    meeting = make_meeting(world.lam_giang, period, held_on=held_on)
    conclusion = Conclusion.objects.create(
        meeting=meeting, status="issued", notice_number="12-TB/TU", issued_on=D(2021, 1, 20)
    )
    parts = []
    for position, text in enumerate(texts, start=1):
        directive = Directive.objects.create(
            conclusion=conclusion, position=position, text=f"Nhiệm vụ {text}", deadline=DEADLINE
        )
        parts.append(
            DirectiveAssignment.objects.create(
                directive=directive, organization=world.front, is_lead=True
            )
        )
    return meeting, parts


def history(world):
    """The 2021 meeting, then: "Một" in progress from 1/2/2021 and done on 10/3/2021 (on
    time), "Hai" done on 20/4/2021 (late), "Ba" never reported (overdue)."""
    meeting, parts = give_2021(world)
    one, two, _three = parts
    record(one, Progress.IN_PROGRESS, D(2021, 2, 1), world.trang)
    record(one, Progress.DONE, D(2021, 3, 10), world.trang)
    record(two, Progress.DONE, D(2021, 4, 20), world.trang)
    return meeting, parts


def record(part, progress, day, by):
    part.refresh_from_db()
    completed_on = day if progress == Progress.DONE else None
    change = services.Change(part, progress, completed_on, happened_on=day)
    return services.record_progress(changes=[change], by=by)[0]


def statuses(response) -> dict[str, str]:
    return {row.text: row.status for row in response.context["page"]}


# --- the rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2021, 1, 31), Status.NOT_YET_DUE),  # nothing had happened yet
        (D(2021, 3, 1), Status.IN_PROGRESS),  # started on 1/2, done only on 10/3
        (D(2021, 3, 10), Status.DONE_ON_TIME),  # done that very day
        (D(2021, 4, 1), Status.DONE_ON_TIME),
        (D(2030, 1, 1), Status.DONE_ON_TIME),
    ],
)
def test_a_part_is_judged_by_what_had_happened_by_the_day(day, expected):
    started, done = D(2021, 2, 1), D(2021, 3, 10)
    assert status_as_of(Progress.DONE, done, DEADLINE, started, done, day) == expected


def test_done_late_is_overdue_until_it_was_done():
    done = D(2021, 4, 20)
    assert status_as_of(Progress.DONE, done, DEADLINE, done, done, D(2021, 4, 1)) == "overdue"
    assert status_as_of(Progress.DONE, done, DEADLINE, done, done, done) == "done_late"


def test_progress_recorded_before_its_day_was_kept_counts_on_every_day():
    """Parts recorded before the day it happened was asked (no day known) keep the
    statuses they had: their progress counts whatever the day."""
    assert status_as_of(Progress.DONE, D(2021, 3, 10), DEADLINE, None, None, D(2021, 1, 1)) == (
        Status.DONE_ON_TIME
    )


def test_the_database_judges_each_day_as_python_does(world):
    """``status_condition_as_of`` (the board's filter and counts on a past day) selects
    exactly the parts ``status_on`` finds in each status, on days around every event."""
    _meeting, parts = history(world)
    _m, more = give_2021(world, ("Bốn", "Năm"), "2020-Q3", D(2020, 10, 15))
    record(more[0], Progress.IN_PROGRESS, D(2021, 3, 15), world.trang)
    DirectiveAssignment.objects.filter(pk=more[1].pk).update(
        progress=Progress.CARRIED_OVER, progress_on=D(2021, 4, 10)
    )
    days = [D(2021, 1, 31), D(2021, 2, 1), D(2021, 3, 10), D(2021, 3, 31), D(2021, 4, 1)]
    days += [D(2021, 4, 10), D(2021, 4, 20), D(2022, 1, 1)]
    rows = list(DirectiveAssignment.objects.select_related("directive"))
    for day in days:
        for status in Status.values:
            selected = set(
                DirectiveAssignment.objects.filter(status_condition_as_of(status, day)).values_list(
                    "pk", flat=True
                )
            )
            expected = {part.pk for part in rows if part.status_on(day) == status}
            assert selected == expected, (day, status)
        annotated = dict(
            DirectiveAssignment.objects.with_status(day, past=True).values_list("pk", "status")
        )
        assert annotated == {part.pk: part.status_on(day) for part in rows}, day


# --- progress keeps its day -----------------------------------------------------------


def test_progress_keeps_the_day_it_really_happened(world):
    _meeting, parts = history(world)
    one = DirectiveAssignment.objects.get(pk=parts[0].pk)
    assert (one.started_on, one.progress_on, one.completed_on) == (
        D(2021, 2, 1),
        D(2021, 3, 10),
        D(2021, 3, 10),
    )
    assert list(one.updates.values_list("happened_on", flat=True)) == [
        D(2021, 2, 1),
        D(2021, 3, 10),
    ]
    # Entered now, not stamped with the day it was entered.
    assert one.progress_at.date() >= D(2025, 1, 1)


def test_progress_without_a_day_happened_today_and_a_future_day_is_refused(world):
    _meeting, parts = give_2021(world)
    part = record_progress(assignment=parts[0], progress=Progress.IN_PROGRESS, by=world.khoi)
    assert part.happened_on == timezone.localdate()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        record(parts[1], Progress.IN_PROGRESS, tomorrow, world.khoi)


def test_work_started_on_its_earliest_day_even_when_entered_out_of_order(world):
    _meeting, parts = give_2021(world)
    record(parts[0], Progress.IN_PROGRESS, D(2021, 3, 1), world.trang)
    record(parts[0], Progress.IN_PROGRESS, D(2021, 2, 1), world.trang)
    parts[0].refresh_from_db()
    assert (parts[0].started_on, parts[0].progress_on) == (D(2021, 2, 1), D(2021, 2, 1))


def test_a_carry_over_happened_on_the_day_of_the_meeting_that_carried_it(world):
    _meeting, parts = give_2021(world)
    later = make_meeting(world.lam_giang, "2021-Q1", held_on=D(2021, 4, 12))
    copy = Directive.objects.create(
        conclusion=Conclusion.objects.create(meeting=later, status="issued"),
        position=1,
        text="Nhiệm vụ Một",
        carried_from=parts[0].directive,
    )
    services.close_carried_over(copies=[copy], meeting=later, by=world.trang)
    parts[0].refresh_from_db()
    assert (parts[0].progress, parts[0].progress_on) == ("carried_over", D(2021, 4, 12))
    assert parts[0].status_on(D(2021, 4, 1)) == Status.OVERDUE
    assert parts[0].status_on(D(2021, 4, 12)) == Status.CARRIED_OVER


# --- the pages --------------------------------------------------------------------------


def queries_for(client, url, data=None) -> int:
    with CaptureQueriesContext(connections["default"]) as captured:
        assert client.get(url, data or {}).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.usefixtures("no_page_cache")
def test_the_board_shows_statuses_as_of_the_day_asked(client, world):
    history(world)
    client.force_login(world.bao)

    today = client.get(BOARD)
    march = client.get(BOARD, {"on": "1/3/2021"})
    april = client.get(BOARD, {"on": "01/04/2021", "status": "overdue"})

    assert statuses(today) == {
        "Nhiệm vụ Một": "done_on_time",
        "Nhiệm vụ Hai": "done_late",
        "Nhiệm vụ Ba": "overdue",
    }
    assert statuses(march) == {
        "Nhiệm vụ Một": "in_progress",
        "Nhiệm vụ Hai": "not_yet_due",
        "Nhiệm vụ Ba": "not_yet_due",
    }
    assert {s.value: n for s, n in march.context["counts"]}["not_yet_due"] == 2
    assert set(statuses(april)) == {"Nhiệm vụ Hai", "Nhiệm vụ Ba"}
    page = march.content.decode()
    assert "Tình trạng tính đến ngày 1/3/2021" in page
    assert 'value="1/3/2021"' in page  # the day asked, in the filter
    # The chips and the sorting heads keep the day.
    assert "on=1%2F3%2F2021" in page
    # Days overdue are counted to the day asked.
    assert "Quá hạn 1 ngày" in april.content.decode()


@pytest.mark.usefixtures("no_page_cache")
def test_the_board_asks_no_more_queries_for_a_day(client, world):
    history(world)
    client.force_login(world.trang)
    queries_for(client, BOARD)
    plain = queries_for(client, BOARD)
    assert queries_for(client, BOARD, {"on": "1/3/2021"}) == plain
    assert queries_for(client, BOARD, {"on": "1/3/2021", "status": "not_yet_due"}) == plain
    assert queries_for(client, BOARD, {"on": "1/3/2021", "sort": "overdue"}) == plain


@pytest.mark.usefixtures("no_page_cache")
def test_a_bad_or_future_day_is_said_on_the_board_with_what_was_typed(client, world):
    history(world)
    client.force_login(world.bao)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    for typed in ("31/2/2021", "hôm qua", tomorrow):
        response = client.get(BOARD, {"on": typed, "q": "Một"})
        page = response.content.decode()
        assert response.status_code == 200
        assert "on" in response.context["form"].errors
        assert f'value="{typed}"' in page  # what was typed, kept
        assert 'value="Một"' in page
        assert "Tính đến ngày" in page


@pytest.mark.usefixtures("no_page_cache")
def test_the_dashboard_shows_the_situation_on_the_day_asked(client, world):
    history(world)
    client.force_login(world.bao)

    today = client.get(DASHBOARD)
    march = client.get(DASHBOARD, {"on": "1/3/2021"})

    assert "Nhiệm vụ Ba" in today.content.decode()  # overdue today
    page = march.content.decode()
    assert "Tình hình đến ngày 1/3/2021" in page
    assert "Nhiệm vụ Ba" not in page  # not yet overdue then
    bad = client.get(DASHBOARD, {"on": "32/1/2021"})
    assert bad.status_code == 200
    assert "32/1/2021" in bad.content.decode()
    assert "Ngày không hợp lệ" in bad.content.decode()
    assert queries_for(client, DASHBOARD, {"on": "1/3/2021"}) == queries_for(client, DASHBOARD)


@pytest.mark.usefixtures("no_page_cache")
def test_the_organization_page_counts_its_directives_as_of_its_day(client, world):
    history(world)
    client.force_login(world.bao)
    url = reverse("tracking_organizations:detail", args=[world.front.pk])

    today = client.get(url)
    march = client.get(url, {"on": "1/3/2021"})

    assert {s.value: n for s, n in today.context["directive_counts"]} == {
        "done_on_time": 1,
        "done_late": 1,
        "overdue": 1,
    }
    assert {s.value: n for s, n in march.context["directive_counts"]} == {
        "in_progress": 1,
        "not_yet_due": 2,
    }
    assert "Tình trạng tính đến ngày 1/3/2021" in march.content.decode()
    bad = client.get(url, {"on": "1/13/2021"}).content.decode()
    assert "Ngày không hợp lệ" in bad and 'value="1/13/2021"' in bad
    assert queries_for(client, url, {"on": "1/3/2021"}) == queries_for(client, url)


@pytest.mark.usefixtures("no_page_cache")
def test_a_meeting_follow_up_judges_its_directives_when_they_fell_due(client, world):
    """By default as of the end of the period after the meeting (when its directives fall
    due and the next meeting reviews them), today if that is later; the page says so."""
    meeting, _parts = history(world)
    client.force_login(world.bao)
    url = reverse("conclusions:follow_up", args=[meeting.pk])

    default = client.get(url)
    march = client.get(url, {"on": "1/3/2021"})

    page = default.content.decode()
    assert "Tình trạng tính đến ngày 31/3/2021" in page
    assert [row.status for row in default.context["rows"]] == [
        "done_on_time",
        "not_yet_due",  # done on 20/4, due 31/3: not due yet on 31/3
        "not_yet_due",
    ]
    assert [row.status for row in march.context["rows"]] == [
        "in_progress",
        "not_yet_due",
        "not_yet_due",
    ]
    later = client.get(url, {"on": "1/5/2021"})
    assert [row.status for row in later.context["rows"]] == ["done_on_time", "done_late", "overdue"]
    # The meeting page links to it.
    assert url in client.get(meeting.get_absolute_url()).content.decode()
    bad = client.get(url, {"on": "x"})
    assert "Ngày không hợp lệ" in bad.content.decode()
    assert queries_for(client, url, {"on": "1/3/2021"}) == queries_for(client, url)


def test_the_page_cache_keeps_one_page_per_day_asked(client, world):
    history(world)
    client.force_login(world.bao)

    march = client.get(BOARD, {"on": "1/3/2021"})
    today = client.get(BOARD)
    march_again = client.get(BOARD, {"on": "1/3/2021"})

    assert "X-Page-Cache" not in march and "X-Page-Cache" not in today
    assert march_again["X-Page-Cache"] == "hit"
    assert march.content != today.content
    assert "Tình trạng tính đến ngày 1/3/2021" in march_again.content.decode()
    dashboard = client.get(DASHBOARD, {"on": "1/3/2021"})
    assert "Tình hình đến ngày 1/3/2021" in dashboard.content.decode()
    assert client.get(DASHBOARD, {"on": "1/3/2021"})["X-Page-Cache"] == "hit"
    dashboard_today = client.get(DASHBOARD)
    assert "Tình hình đến ngày 1/3/2021" not in dashboard_today.content.decode()
    # Its entity tag differs by the day asked: a copy of one day is never taken for another.
    assert dashboard["ETag"] != dashboard_today["ETag"]
    assert client.get(DASHBOARD, HTTP_IF_NONE_MATCH=dashboard["ETag"]).status_code == 200
    assert (
        client.get(DASHBOARD, {"on": "1/3/2021"}, HTTP_IF_NONE_MATCH=dashboard["ETag"]).status_code
        == 304
    )


# --- the forms: the day it happened, the day a report was sent ---------------------------


def report_post(**extra):
    data = {
        "results": "<p>Kết quả quý I/2021.</p>",
        "shortcomings": "",
        "difficulties": "",
        "next_tasks": "",
        "proposals-TOTAL_FORMS": "0",
        "proposals-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_a_report_form_gives_the_day_progress_happened_in_progress_too(client, world):
    _meeting, parts = give_2021(world)
    q1 = make_meeting(world.lam_giang, "2021-Q1", held_on=D(2021, 4, 15))
    url = reverse("reports:edit", args=[q1.pk, world.front.pk])
    client.force_login(world.khoi)

    page = client.get(url).content.decode()
    assert "Ngày thực hiện" in page
    # Judged as of the meeting's day, not today: due 31/3, overdue on 15/4/2021.
    assert "Quá hạn chưa hoàn thành" in page

    client.post(
        url,
        report_post(
            **{
                "followup-TOTAL_FORMS": "2",
                "followup-INITIAL_FORMS": "2",
                "followup-0-assignment": parts[0].pk,
                "followup-0-progress": "in_progress",
                "followup-0-completed_on": "5/2/2021",
                "followup-1-assignment": parts[1].pk,
                "followup-1-progress": "done",
                "followup-1-completed_on": "10/3/2021",
            }
        ),
    )

    one, two = (DirectiveAssignment.objects.get(pk=p.pk) for p in parts[:2])
    assert (one.progress, one.started_on, one.progress_on, one.completed_on) == (
        "in_progress",
        D(2021, 2, 5),
        D(2021, 2, 5),
        None,
    )
    assert (two.completed_on, two.status_on(D(2021, 4, 1))) == (D(2021, 3, 10), "done_on_time")


def test_a_future_day_it_happened_is_refused_with_nothing_lost(client, world):
    _meeting, parts = give_2021(world)
    q1 = make_meeting(world.lam_giang, "2021-Q1", held_on=D(2021, 4, 15))
    url = reverse("reports:edit", args=[q1.pk, world.front.pk])
    client.force_login(world.khoi)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")

    response = client.post(
        url,
        report_post(
            **{
                "followup-TOTAL_FORMS": "1",
                "followup-INITIAL_FORMS": "1",
                "followup-0-assignment": parts[0].pk,
                "followup-0-progress": "in_progress",
                "followup-0-completed_on": tomorrow,
                "followup-0-note": "Đã triển khai",
            }
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ngày thực hiện không được sau ngày hôm nay." in page
    assert "Đã triển khai" in page and "Kết quả quý I/2021." in page
    assert DirectiveAssignment.objects.get(pk=parts[0].pk).progress == ""


def test_the_board_updates_many_on_the_day_given(client, world):
    _meeting, parts = give_2021(world)
    client.force_login(world.trang)

    client.post(
        BOARD,
        {
            "selected": [parts[0].pk, parts[1].pk],
            "progress": "in_progress",
            "completed_on": "1/2/2021",
        },
    )

    assert set(
        DirectiveAssignment.objects.filter(pk__in=[parts[0].pk, parts[1].pk]).values_list(
            "progress", "started_on"
        )
    ) == {("in_progress", D(2021, 2, 1))}
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(
        BOARD, {"selected": [parts[2].pk], "progress": "done", "completed_on": tomorrow}
    )
    assert "Ngày thực hiện không được sau ngày hôm nay." in response.content.decode()
    assert DirectiveAssignment.objects.get(pk=parts[2].pk).progress == ""


def test_staff_entering_an_old_report_give_the_day_it_was_sent(client, world):
    from meetings.models import Report

    q1 = make_meeting(world.lam_giang, "2021-Q1", held_on=D(2021, 4, 15))
    url = reverse("reports:edit", args=[q1.pk, world.front.pk])
    client.force_login(world.trang)
    assert "Ngày gửi báo cáo" in client.get(url).content.decode()

    client.post(url, report_post(submit="1", sent_on="5/4/2021"))

    report = Report.objects.get(meeting=q1, organization=world.front)
    assert report.status == "submitted" and report.sent_on == D(2021, 4, 5)
    assert timezone.localtime(report.submitted_at).date() == D(2021, 4, 5)
    page = client.get(q1.get_absolute_url()).content.decode()
    assert "Gửi ngày 5/4/2021" in page


def test_a_reporter_is_not_asked_the_day_and_a_future_day_is_refused(client, world):
    from meetings.models import Report

    q1 = make_meeting(world.lam_giang, "2021-Q1", held_on=D(2021, 4, 15))
    url = reverse("reports:edit", args=[q1.pk, world.front.pk])
    client.force_login(world.khoi)
    assert "Ngày gửi báo cáo" not in client.get(url).content.decode()
    client.post(url, report_post(submit="1", sent_on="5/4/2021"))  # not a field of theirs
    report = Report.objects.get(meeting=q1, organization=world.front)
    assert report.sent_on is None
    assert timezone.localtime(report.submitted_at).date() == timezone.localdate()

    client.force_login(world.trang)
    farmers = reverse("reports:edit", args=[q1.pk, world.farmers.pk])
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(farmers, report_post(submit="1", sent_on=tomorrow))
    assert "Ngày gửi báo cáo không được sau ngày hôm nay." in response.content.decode()
    assert "Kết quả quý I/2021." in response.content.decode()
    assert not Report.objects.filter(meeting=q1, organization=world.farmers).exists()
