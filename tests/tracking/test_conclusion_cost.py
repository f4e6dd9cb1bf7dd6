"""Saving a conclusion, carrying earlier directives over and issuing cost the same number of
queries with 2 directives as with 40 (bulk writes, history in bulk, one search update)."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from meetings.models import Conclusion, Directive
from organizations.models import RoleKind
from tests.factories import make_meeting, make_organization, make_role, make_user
from tracking.models import DirectiveAssignment, ProgressUpdate

D = dt.date
SIZES = (2, 40)


def conclusion_url(meeting) -> str:
    return f"/meetings/{meeting.pk}/conclusion/"


def issue_url(meeting) -> str:
    return f"/meetings/{meeting.pk}/conclusion/issue/"


def committee_with_staff(world, number: int):
    """A committee of its own (so that sizes do not see each other's directives), its
    organizations and a staff member signed in."""
    from tests.factories import make_committee

    committee = make_committee(f"Tỉnh ủy Thử nghiệm {number}")
    organizations = [
        make_organization(committee, f"Tổ chức số {n} của tỉnh {number}", kind="other")
        for n in range(1, 5)
    ]
    staff = make_user(f"canbo{number}", f"Cán bộ số {number}")
    make_role(staff, committee, RoleKind.STAFF)
    client = Client()
    client.force_login(staff)
    return committee, organizations, client


def directive_rows(index: int, text: str, lead, co_assignees, *, saved=None, delete=False):
    rows = {
        f"directives-{index}-text": text,
        f"directives-{index}-lead": lead.pk,
        f"directives-{index}-due_period": "2024-Q3",
        f"directives-{index}-co_assignees": [o.pk for o in co_assignees],
    }
    if saved is not None:
        rows[f"directives-{index}-id"] = saved.pk
        rows[f"directives-{index}-conclusion"] = saved.conclusion_id
    if delete:
        rows[f"directives-{index}-DELETE"] = "on"
    return rows


def conclusion_post(rows: list[dict], *, initial: int = 0, **extra) -> dict:
    data = {
        "notice_number": "",
        "issued_on": "",
        "assessment": "<p>Đánh giá theo Công văn số 4934-CV/TU.</p>",
        "shortcomings": "",
        "orientation": "<p>Phương hướng.</p>",
        "directives-TOTAL_FORMS": str(len(rows)),
        "directives-INITIAL_FORMS": str(initial),
    }
    for row in rows:
        data.update(row)
    data.update(extra)
    return data


def post_counted(client, url, data) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return len(queries)


def save_and_edit(world, size: int, number: int) -> tuple[int, int]:
    """Queries of creating a conclusion of ``size`` directives, then of an edit that changes
    every directive (text, lead, co-assignees), removes one and adds one."""
    committee, (a, b, c, d), client = committee_with_staff(world, number)
    meeting = make_meeting(committee, "2024-Q2", held_on=D(2024, 7, 15))
    url = conclusion_url(meeting)
    created = post_counted(
        client,
        url,
        conclusion_post(
            [directive_rows(i, f"Nhiệm vụ số {i} theo 35-CT/TW", a, [b, c]) for i in range(size)]
        ),
    )
    saved = list(Directive.objects.filter(conclusion__meeting=meeting).order_by("position"))
    assert len(saved) == size
    rows = [
        directive_rows(i, f"Nhiệm vụ số {i}, sửa lại", b, [c, d], saved=directive)
        for i, directive in enumerate(saved[:-1])
    ]
    rows.append(directive_rows(size - 1, "Bỏ", a, [], saved=saved[-1], delete=True))
    rows.append(directive_rows(size, "Nhiệm vụ mới thêm", d, [a]))
    edited = post_counted(client, url, conclusion_post(rows, initial=size))

    directives = list(Directive.objects.filter(conclusion__meeting=meeting).order_by("position"))
    assert [x.text for x in directives][-2:] == [
        f"Nhiệm vụ số {size - 2}, sửa lại",
        "Nhiệm vụ mới thêm",
    ]
    assert len(directives) == size
    parts = DirectiveAssignment.objects.filter(directive=directives[0])
    assert sorted((p.organization_id, p.is_lead) for p in parts) == sorted(
        [(b.pk, True), (c.pk, False), (d.pk, False)]
    )
    assert Directive.all_objects.archived().filter(pk=saved[-1].pk).exists()
    # Each directive's history: created, then changed (or removed) by this staff member.
    history = Directive.history.filter(id__in=[saved[0].pk, saved[-1].pk])
    assert sorted((h.id, h.history_type, h.history_user.username) for h in history) == sorted(
        (directive.pk, kind, f"canbo{number}")
        for directive in (saved[0], saved[-1])
        for kind in ("+", "~")
    )
    return created, edited


def test_saving_a_conclusion_costs_the_same_with_2_or_40_directives(world):
    counts = {size: save_and_edit(world, size, number) for number, size in enumerate(SIZES)}
    print("conclusion save (create, edit):", counts)

    assert counts[2] == counts[40], counts


def issued_conclusion(committee, organizations, size: int):
    """Quý I/2024 of ``committee`` issued with ``size`` directives, each with two parts."""
    meeting = make_meeting(committee, "2024-Q1", held_on=D(2024, 4, 19))
    conclusion = Conclusion.objects.create(
        meeting=meeting, status="issued", notice_number="45-TB/TU", issued_on=D(2024, 4, 22)
    )
    directives = Directive.objects.bulk_create(
        Directive(
            conclusion=conclusion,
            position=n,
            text=f"Nhiệm vụ kỳ trước số {n}",
            due_period_year=2024,
            due_period_kind="Q2",
            deadline=D(2024, 6, 30),
        )
        for n in range(1, size + 1)
    )
    lead, other = organizations[:2]
    DirectiveAssignment.objects.bulk_create(
        DirectiveAssignment(directive=d, organization=org, is_lead=org == lead)
        for d in directives
        for org in (lead, other)
    )
    return directives


def carry_over_and_issue(world, size: int, number: int) -> tuple[int, int]:
    """Queries of saving a draft that carries half of ``size`` earlier directives over and
    closes the other half, then of issuing it (the earlier parts are closed as carried
    over, or as done)."""
    committee, organizations, client = committee_with_staff(world, number)
    earlier = issued_conclusion(committee, organizations, size)
    meeting = make_meeting(committee, "2024-Q2", held_on=D(2024, 7, 15))
    choices = {"previous-TOTAL_FORMS": str(size), "previous-INITIAL_FORMS": str(size)}
    for index, directive in enumerate(earlier):
        choices[f"previous-{index}-directive"] = directive.pk
        choices[f"previous-{index}-action"] = "carry" if index % 2 == 0 else "close"
    saved = post_counted(
        client,
        conclusion_url(meeting),
        conclusion_post([], notice_number="12-TB/TU", issued_on="2024-07-20", **choices),
    )
    issued = post_counted(client, issue_url(meeting), {"confirmed": "1"})

    assert Directive.objects.filter(conclusion__meeting=meeting).count() == size // 2
    assert Conclusion.objects.get(meeting=meeting).status == "issued"
    parts = DirectiveAssignment.objects.filter(directive__in=earlier)
    assert parts.filter(progress="carried_over").count() == size  # two parts each
    assert parts.filter(progress="done").count() == size
    assert ProgressUpdate.objects.filter(assignment__directive__in=earlier).count() == 2 * size
    return saved, issued


def test_carrying_over_closing_and_issuing_cost_the_same_for_2_or_40_directives(world):
    counts = {size: carry_over_and_issue(world, size, number) for number, size in enumerate(SIZES)}
    print("carry-over save, issue:", counts)

    assert counts[2] == counts[40], counts


def search_texts(client, query: str) -> list[str]:
    response = client.get("/search/", {"q": query, "kind": "directive"})
    assert response.status_code == 200
    return [entry.text for entry in response.context["rows"]]


def test_search_finds_a_directive_right_after_its_save_and_not_after_its_removal(world):
    committee, (a, b, _c, _d), client = committee_with_staff(world, 7)
    meeting = make_meeting(committee, "2024-Q2", held_on=D(2024, 7, 15))
    rows = [
        directive_rows(0, "Tổng hợp kiến nghị của Mặt trận", a, []),
        directive_rows(1, "Chuẩn bị Đại hội đại biểu", b, []),
    ]
    post_counted(client, conclusion_url(meeting), conclusion_post(rows))
    first, second = Directive.objects.filter(conclusion__meeting=meeting).order_by("position")

    assert search_texts(client, "tong hop kien nghi") == ["Tổng hợp kiến nghị của Mặt trận"]

    rows = [
        directive_rows(0, first.text, a, [], saved=first, delete=True),
        directive_rows(1, "Chuẩn bị tốt Đại hội đại biểu", b, [], saved=second),
    ]
    post_counted(client, conclusion_url(meeting), conclusion_post(rows, initial=2))

    assert search_texts(client, "tong hop kien nghi") == []
    assert search_texts(client, "chuan bi tot dai hoi") == ["Chuẩn bị tốt Đại hội đại biểu"]
