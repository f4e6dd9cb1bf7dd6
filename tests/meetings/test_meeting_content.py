"""The meeting's own words (issue 17): its summary, the period's joint limitations and the
statements made at it are entered with the meeting, versioned, shown on the meeting page
and the printed page, scanned for the documents they cite, and found by search."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Citation, Meeting, Statement
from meetings.services import StatementLine
from search.models import SearchEntry
from tests.conftest import reader
from tests.factories import make_meeting

pytestmark = pytest.mark.usefixtures("no_page_cache")

SUMMARY = (
    "<p>Trọng tâm là thực hiện Kế hoạch số 85-KH/TU và Chỉ thị số 05 ngày 12/3/2022 "
    "của Ban Thường vụ Tỉnh ủy.</p>"
)
LIMITATIONS = "<p>Công tác nắm tình hình Nhân dân có lúc chưa kịp thời.</p>"


def form_data(world, statements=(), **changes):
    data = {
        "committee": world.lam_giang.pk,
        "period_kind": "Q1",
        "period_year": "2024",
        "held_on": "2024-04-19",
        "is_regular": "on",
        "chair_name": "Phạm Văn Hậu",
        "summary": SUMMARY,
        "joint_limitations": LIMITATIONS,
        "attendance-TOTAL_FORMS": "0",
        "attendance-INITIAL_FORMS": "0",
        "statements-TOTAL_FORMS": str(len(statements)),
        "statements-INITIAL_FORMS": str(sum(1 for s in statements if s.get("id"))),
    }
    for index, statement in enumerate(statements):
        for name, value in statement.items():
            data[f"statements-{index}-{name}"] = value
    data.update(changes)
    return data


SPOKEN = [
    {
        "speaker_name": "Nguyễn Thị Lan",
        "speaker_title": "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
        "speaking_for": "Ủy ban MTTQ Việt Nam tỉnh",
        "text": "Đề nghị Thường trực Tỉnh ủy chỉ đạo triển khai Công văn số 4934-CV/TU.",
    },
    {
        "speaker_name": "Trần Văn Bình",
        "speaker_title": "Chủ tịch Hội Nông dân tỉnh",
        "speaking_for": "Hội Nông dân tỉnh",
        "text": "Kiến nghị hỗ trợ vốn vay cho hội viên nông dân.",
    },
]


def test_staff_enter_the_meetings_own_words_with_the_meeting(client, world):
    client.force_login(world.trang)

    response = client.post(reverse("meetings:create"), form_data(world, SPOKEN))

    assert response.status_code == 302, response.context["form"].errors
    meeting = Meeting.objects.get()
    assert meeting.joint_limitations == LIMITATIONS
    assert [
        (s.position, s.speaker_name, s.speaking_for)
        for s in meeting.statements.order_by("position")
    ] == [
        (1, "Nguyễn Thị Lan", "Ủy ban MTTQ Việt Nam tỉnh"),
        (2, "Trần Văn Bình", "Hội Nông dân tỉnh"),
    ]
    # Every document its own words cite: the summary's, with and without symbol, and a
    # statement's.
    assert list(
        Citation.objects.filter(meeting=meeting).order_by("pk").values_list("code", flat=True)
    ) == ["85-KH/TU", "05-CT/TU", "4934-CV/TU"]


def test_statements_are_reordered_changed_and_removed_with_their_history(world):
    meeting = make_meeting(world.lam_giang, "2024-Q1", held_on=dt.date(2024, 4, 19))
    lines = [
        StatementLine(None, s["speaker_name"], s["speaker_title"], s["speaking_for"], s["text"])
        for s in SPOKEN
    ]
    services.save_meeting(meeting=meeting, attendance=[], by=world.trang, statements=lines)
    lan, binh = meeting.statements.order_by("position")

    meeting = Meeting.objects.get(pk=meeting.pk)
    services.save_meeting(
        meeting=meeting,
        attendance=[],
        by=world.trang,
        version=meeting.updated_at.isoformat(),
        statements=[
            StatementLine(binh.pk, "Trần Văn Bình", "Chủ tịch", "Hội Nông dân tỉnh", "Ý kiến mới.")
        ],
    )

    assert [(s.pk, s.position, s.text) for s in Statement.objects.all()] == [
        (binh.pk, 1, "Ý kiến mới.")
    ]
    assert list(
        Statement.history.filter(id=lan.pk)
        .order_by("history_date")
        .values_list("history_type", flat=True)
    ) == ["+", "-"]
    assert list(
        Statement.history.filter(id=binh.pk)
        .order_by("history_date")
        .values_list("history_type", "history_user")
    ) == [("+", world.trang.pk), ("~", world.trang.pk)]


def test_an_edit_opened_before_another_is_refused_statements_included(world):
    from meetings.concurrency import EditConflict

    meeting = make_meeting(world.lam_giang, "2024-Q1", held_on=dt.date(2024, 4, 19))
    opened = meeting.updated_at.isoformat()
    services.save_meeting(
        meeting=Meeting.objects.get(pk=meeting.pk),
        attendance=[],
        by=world.trang,
        version=opened,
        statements=[],
    )

    with pytest.raises(EditConflict):
        services.save_meeting(
            meeting=Meeting.objects.get(pk=meeting.pk),
            attendance=[],
            by=world.trang,
            version=opened,
            statements=[StatementLine(None, "A", "", "", "Ý kiến.")],
        )
    assert not Statement.objects.exists()


def test_a_statement_of_another_meeting_is_refused(world):
    from django.core.exceptions import ValidationError

    other = make_meeting(world.lam_giang, "2024-Q2")
    services.save_meeting(
        meeting=other,
        attendance=[],
        by=world.trang,
        statements=[StatementLine(None, "A", "", "", "x")],
    )
    meeting = make_meeting(world.lam_giang, "2024-Q1")

    with pytest.raises(ValidationError):
        services.save_meeting(
            meeting=meeting,
            attendance=[],
            by=world.trang,
            statements=[StatementLine(other.statements.get().pk, "A", "", "", "y")],
        )


def test_the_meeting_page_and_the_printed_page_show_its_own_words(client, world):
    client.force_login(world.trang)
    client.post(reverse("meetings:create"), form_data(world, SPOKEN))
    meeting = Meeting.objects.get()

    for who in (world.trang, world.khoi):  # staff and a reporter read them alike
        for url in (meeting.get_absolute_url(), reverse("meetings:print", args=[meeting.pk])):
            content = reader(who).get(url).content.decode()
            assert "Tổng hợp tình hình, kết quả" in content
            assert "Công tác nắm tình hình Nhân dân có lúc chưa kịp thời." in content
            assert "Ý kiến phát biểu tại hội nghị" in content
            assert (
                "<strong>Nguyễn Thị Lan</strong>, Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh "
                "(Ủy ban MTTQ Việt Nam tỉnh)" in content
            )
            assert "Chỉ thị số 05 ngày 12/3/2022 của Ban Thường vụ Tỉnh ủy" in content
            assert "Công văn số 4934-CV/TU" in content  # among the documents cited


@pytest.mark.parametrize(
    ("query", "kind", "anchor"),
    [
        ("85-KH/TU", "meeting", ""),  # cited in the summary, with its symbol
        ("05-CT/TU", "meeting", ""),  # cited in the summary without its symbol
        ("Chỉ thị số 05 của Ban Thường vụ Tỉnh ủy", "meeting", ""),
        ("nam tinh hinh nhan dan", "meeting", ""),  # the joint limitations
        ("4934-cv/tu", "statement", "#statements"),  # cited in a statement
        ("Tran Van Binh von vay", "statement", "#statements"),  # who spoke, what they raised
    ],
)
def test_search_finds_the_meetings_own_words_and_links_to_the_meeting(
    client, world, query, kind, anchor
):
    client.force_login(world.trang)
    client.post(reverse("meetings:create"), form_data(world, SPOKEN))
    meeting = Meeting.objects.get()

    response = reader(world.khoi).get(reverse("search:results"), {"q": query})

    rows = response.context["rows"]
    assert [row.kind for row in rows] == [kind]
    assert f'href="{meeting.get_absolute_url()}{anchor}"' in response.content.decode()


def test_search_entries_follow_an_edit_of_the_content(client, world):
    client.force_login(world.trang)
    client.post(reverse("meetings:create"), form_data(world, SPOKEN))
    meeting = Meeting.objects.get()
    first = meeting.statements.get(position=1)

    client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        form_data(
            world,
            [{**SPOKEN[0], "id": first.pk, "meeting": meeting.pk, "text": "Ý kiến đã sửa."}],
            summary="<p>Tóm tắt mới.</p>",
            joint_limitations="",
            version=meeting.updated_at.isoformat(),
        ),
    )

    assert sorted(
        SearchEntry.objects.filter(meeting=meeting, kind__in=["meeting", "statement"]).values_list(
            "kind", "text"
        )
    ) == [
        ("meeting", "Tóm tắt mới."),
        (
            "statement",
            "Nguyễn Thị Lan, Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh "
            "(Ủy ban MTTQ Việt Nam tỉnh): Ý kiến đã sửa.",
        ),
    ]
    assert not Citation.objects.filter(meeting=meeting).exists()


def test_only_those_who_manage_the_meeting_edit_its_statements(client, world):
    meeting = make_meeting(world.lam_giang, "2024-Q1")
    for who in (
        world.khoi,
        world.bao,
        world.minh,
    ):  # a reporter, a leader, another committee's staff
        client.force_login(who)
        response = client.post(
            reverse("meetings:edit", args=[meeting.pk]), form_data(world, SPOKEN)
        )
        assert response.status_code == 404
    assert not Statement.objects.exists()


def test_a_form_that_sends_no_statements_leaves_them_as_they_are(client, world):
    client.force_login(world.trang)
    client.post(reverse("meetings:create"), form_data(world, SPOKEN))
    meeting = Meeting.objects.get()
    data = form_data(world, version=meeting.updated_at.isoformat())
    del data["statements-TOTAL_FORMS"], data["statements-INITIAL_FORMS"]

    assert client.post(reverse("meetings:edit", args=[meeting.pk]), data).status_code == 302
    assert meeting.statements.count() == 2


def test_the_page_reads_statements_only_when_there_are_some(world, django_assert_num_queries):
    meeting = make_meeting(world.lam_giang, "2024-Q1", summary=SUMMARY)
    client = reader(world.trang)
    client.get(meeting.get_absolute_url())  # (the first request of a process builds things)
    # 3 of every request; the meeting, its reports, organizations, the documents cited.
    with django_assert_num_queries(7):
        client.get(meeting.get_absolute_url())
    services.save_meeting(
        meeting=Meeting.objects.get(pk=meeting.pk),
        attendance=[],
        by=world.trang,
        statements=[StatementLine(None, "A", "", "", "Ý kiến.")],
    )
    with django_assert_num_queries(8):  # and the statements
        client.get(meeting.get_absolute_url())


def test_the_history_of_the_meeting_lists_its_statements_changes(client, world):
    client.force_login(world.trang)
    client.post(reverse("meetings:create"), form_data(world, SPOKEN))
    meeting = Meeting.objects.get()

    content = client.get(reverse("meetings:history", args=[meeting.pk])).content.decode()

    assert "Ý kiến phát biểu" in content
    assert "Trần Văn Bình: Kiến nghị hỗ trợ vốn vay cho hội viên nông dân." in content
