"""A save rebuilds the search entries of what it changed only (a report with its
proposals, a conclusion with its directives), not the whole meeting's: after each kind of
write, the meeting's entries are those a full rebuild writes, and the entries of what the
write did not change were left as they were."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from meetings import services as meeting_services
from meetings.models import Directive, Proposal, Report
from search.indexing import reindex_meetings
from search.models import SearchEntry
from tests.factories import make_meeting
from tests.tracking.test_conclusion_cost import (
    committee_with_staff,
    conclusion_post,
    directive_rows,
    issued_conclusion,
)
from tests.tracking.test_report_page_queries import version_on
from tracking.conclusion_services import issue_conclusion

FIELDS = (
    "kind",
    "section",
    "source_id",
    "meeting_id",
    "committee_id",
    "organization_id",
    "period_year",
    "period_kind",
    "period_end",
    "is_public",
    "position",
    "text",
    "terms",
)


def entries_of(meeting) -> list[tuple]:
    return sorted(SearchEntry.objects.filter(meeting=meeting).values_list(*FIELDS))


def ids_of(meeting, **source) -> set[int]:
    return set(SearchEntry.objects.filter(meeting=meeting, **source).values_list("pk", flat=True))


def as_fully_rebuilt(meeting) -> bool:
    written = entries_of(meeting)
    reindex_meetings([meeting.pk])
    return written == entries_of(meeting)


def only_its_own(meeting, write, **others) -> None:
    """Do ``write``: the entries matching ``others`` keep their rows (they were not
    rewritten), and the meeting's entries are those a full rebuild writes."""
    kept = ids_of(meeting, **others)
    assert kept
    write()
    assert ids_of(meeting, **others) == kept
    assert as_fully_rebuilt(meeting)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def save_report(client, meeting, organization, results, proposals, **extra):
    """Post the report page: ``proposals`` are (text, saved proposal or None, removed)."""
    url = reverse("reports:edit", args=[meeting.pk, organization.pk])
    data = {
        "version": version_on(client, url),
        "results": results,
        "shortcomings": "<p>Còn chậm.</p>",
        "difficulties": "",
        "next_tasks": "",
        "proposals-TOTAL_FORMS": str(len(proposals)),
        "proposals-INITIAL_FORMS": str(sum(1 for _t, saved, _r in proposals if saved)),
        **extra,
    }
    for index, (text, saved, removed) in enumerate(proposals):
        data[f"proposals-{index}-text"] = text
        data[f"proposals-{index}-addressed_to"] = "Thường trực Tỉnh ủy"
        if saved is not None:
            data[f"proposals-{index}-id"] = saved.pk
            data[f"proposals-{index}-report"] = saved.report_id
        if removed:
            data[f"proposals-{index}-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_each_report_write_leaves_the_entries_a_full_rebuild_writes(world, meeting):
    front, farmers = signed_in(world.khoi), signed_in(world.ha)
    save_report(farmers, meeting, world.farmers, "<p>Hội Nông dân tổng kết mô hình.</p>", [])
    assert as_fully_rebuilt(meeting)
    farmers_only = {"organization": world.farmers}
    only_its_own(
        meeting,
        lambda: save_report(
            front,
            meeting,
            world.front,
            "<p>Mặt trận vận động quỹ vì người nghèo.</p>",
            [("Đề nghị hỗ trợ kinh phí.", None, False), ("Đề nghị tập huấn.", None, False)],
        ),
        **farmers_only,
    )

    # Changed, removed and added proposals, submitted: what readers may see changes too.
    first, second = Proposal.objects.filter(report__organization=world.front).order_by("position")
    only_its_own(
        meeting,
        lambda: save_report(
            front,
            meeting,
            world.front,
            "<p>Mặt trận vận động quỹ vì người nghèo, vượt chỉ tiêu.</p>",
            [
                ("Đề nghị hỗ trợ thêm kinh phí.", first, False),
                ("Đề nghị tập huấn.", second, True),
                ("Đề nghị khen thưởng.", None, False),
            ],
            submit="1",
        ),
        **farmers_only,
    )
    found = dict(
        SearchEntry.objects.filter(meeting=meeting, kind="proposal").values_list(
            "text", "is_public"
        )
    )
    assert found == {"Đề nghị hỗ trợ thêm kinh phí.": True, "Đề nghị khen thưởng.": True}

    report = Report.objects.select_related("meeting").get(organization=world.front)
    only_its_own(
        meeting,
        lambda: meeting_services.accept_report(report=report, by=world.trang),
        **farmers_only,
    )
    proposal = Proposal.objects.select_related("report__meeting").get(pk=first.pk)
    only_its_own(
        meeting,
        lambda: meeting_services.answer_proposal(
            proposal=proposal,
            disposition="accepted",
            response="Đã bố trí kinh phí.",
            referred_to="",
            by=world.trang,
        ),
        **farmers_only,
    )
    assert SearchEntry.objects.filter(text="Đã bố trí kinh phí.", is_public=True).exists()
    only_its_own(
        meeting,
        lambda: meeting_services.return_report(
            report=report, by=world.trang, reason="Bổ sung số liệu"
        ),
        **farmers_only,
    )
    assert not SearchEntry.objects.filter(organization=world.front, is_public=True).exists()


def test_each_conclusion_write_leaves_the_entries_a_full_rebuild_writes(world, meeting):
    farmers, staff = signed_in(world.ha), signed_in(world.trang)
    save_report(farmers, meeting, world.farmers, "<p>Hội Nông dân tổng kết mô hình.</p>", [])
    reports_only = {"kind__in": ["report", "proposal"]}
    url = f"/meetings/{meeting.pk}/conclusion/"
    rows = [
        directive_rows(i, f"Nhiệm vụ số {i}: tổng kết mô hình", world.front, [world.farmers])
        for i in range(3)
    ]
    only_its_own(
        meeting,
        lambda: staff.post(url, conclusion_post(rows)),
        **reports_only,
    )

    saved = list(meeting.conclusion.directives.order_by("position"))
    rows = [
        directive_rows(0, "Nhiệm vụ số 0, sửa lại", world.farmers, [], saved=saved[0]),
        directive_rows(1, "Bỏ", world.front, [], saved=saved[1], delete=True),
        directive_rows(2, saved[2].text, world.front, [world.farmers], saved=saved[2]),
        directive_rows(3, "Nhiệm vụ mới thêm", world.front, []),
    ]
    data = conclusion_post(
        rows, initial=3, notice_number="45-TB/TU", issued_on=dt.date(2024, 4, 19).isoformat()
    )
    only_its_own(meeting, lambda: staff.post(url, data), **reports_only)
    texts = set(SearchEntry.objects.filter(kind="directive").values_list("text", flat=True))
    assert texts == {"Nhiệm vụ số 0, sửa lại", saved[2].text, "Nhiệm vụ mới thêm"}

    conclusion = meeting.conclusion
    conclusion.refresh_from_db()
    only_its_own(
        meeting,
        lambda: issue_conclusion(conclusion=conclusion, by=world.trang),
        **reports_only,
    )
    assert not SearchEntry.objects.filter(kind="directive", is_public=False).exists()
    assert SearchEntry.objects.filter(kind="directive").count() == 3


def test_carrying_over_and_withdrawing_leaves_the_entries_a_full_rebuild_writes(world):
    committee, organizations, client = committee_with_staff(world, 3)
    earlier = issued_conclusion(committee, organizations, 4)
    reindex_meetings([earlier[0].conclusion.meeting_id])
    meeting = make_meeting(committee, "2024-Q2", held_on=dt.date(2024, 7, 15))
    url = f"/meetings/{meeting.pk}/conclusion/"
    rows = [directive_rows(0, "Nhiệm vụ của kỳ này", organizations[0], [])]

    def save(actions, rows, initial):
        choices = {"previous-TOTAL_FORMS": "4", "previous-INITIAL_FORMS": "4"}
        for index, (directive, action) in enumerate(zip(earlier, actions, strict=True)):
            choices[f"previous-{index}-directive"] = directive.pk
            choices[f"previous-{index}-action"] = action
        response = client.post(url, conclusion_post(rows, initial=initial, **choices))
        assert response.status_code == 302, response.content.decode()[:2000]

    save(["carry", "carry", "close", ""], rows, 0)
    assert as_fully_rebuilt(meeting)
    assert SearchEntry.objects.filter(meeting=meeting, kind="directive").count() == 3
    own = Directive.objects.get(conclusion__meeting=meeting, carried_from__isnull=True)
    copies = Directive.objects.filter(conclusion__meeting=meeting, carried_from__isnull=False)
    copies = list(copies.order_by("position"))
    # The copies have the parts of what they carry over: a lead and a co-assignee.
    rows = [directive_rows(0, own.text, organizations[0], [], saved=own)] + [
        directive_rows(i, d.text, organizations[0], [organizations[1]], saved=d)
        for i, d in enumerate(copies, start=1)
    ]
    # The second carry-over withdrawn, a third one made; the own directive unchanged.
    only_its_own(
        meeting,
        lambda: save(["carry", "", "close", "carry"], rows, 3),
        kind="directive",
        source_id__in=[own.pk, copies[0].pk],
    )
    texts = sorted(
        SearchEntry.objects.filter(meeting=meeting, kind="directive").values_list("text", flat=True)
    )
    assert texts == sorted(["Nhiệm vụ của kỳ này", earlier[0].text, earlier[3].text])
