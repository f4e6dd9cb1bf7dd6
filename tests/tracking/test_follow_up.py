"""At the next meeting: reporting on earlier directives, carrying over, closing, mergers."""

import datetime as dt

from django.urls import reverse

from meetings.models import Conclusion, Directive
from tests.factories import make_meeting, make_organization, record_progress
from tracking.models import DirectiveAssignment, ProgressUpdate

D = dt.date


def report_post(**extra):
    data = {
        "results": "<p>Kết quả quý II.</p>",
        "shortcomings": "",
        "difficulties": "",
        "next_tasks": "",
        "proposals-TOTAL_FORMS": "0",
        "proposals-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_open_directives_appear_in_the_next_report_form_and_are_reported(client, world, issued):
    _q1, directives = issued()
    q2 = make_meeting(world.lam_giang, "2024-Q2", held_on=D(2024, 7, 15))
    parts = list(DirectiveAssignment.objects.order_by("pk"))
    url = reverse("reports:edit", args=[q2.pk, world.front.pk])
    client.force_login(world.khoi)

    page = client.get(url).content.decode()
    assert "Kết quả thực hiện kết luận kỳ trước" in page
    assert "Nhiệm vụ Một" in page and "Nhiệm vụ Ba" in page

    client.post(
        url,
        report_post(
            **{
                "followup-TOTAL_FORMS": "3",
                "followup-INITIAL_FORMS": "3",
                "followup-0-assignment": parts[0].pk,
                "followup-0-progress": "done",
                "followup-0-completed_on": "2024-06-20",
                "followup-0-note": "Đã tổng hợp, báo cáo Thường trực.",
                "followup-1-assignment": parts[1].pk,
                "followup-1-progress": "done",
                "followup-1-completed_on": "2024-07-05",
                "followup-2-assignment": parts[2].pk,
                "followup-2-progress": "",
            }
        ),
    )

    statuses = {
        p.directive.text: p.status_on(D(2024, 7, 20))
        for p in DirectiveAssignment.objects.select_related("directive")
    }
    assert statuses == {
        "Nhiệm vụ Một": "done_on_time",
        "Nhiệm vụ Hai": "done_late",
        "Nhiệm vụ Ba": "overdue",
    }
    update = ProgressUpdate.objects.get(assignment=parts[0])
    assert (update.meeting, update.entered_by, update.on_behalf) == (q2, world.khoi, False)


def test_another_organizations_directives_are_not_offered_to_a_reporter(client, world, issued):
    issued()
    q2 = make_meeting(world.lam_giang, "2024-Q2", held_on=D(2024, 7, 15))
    client.force_login(world.ha)  # the Farmers' reporter

    page = client.get(reverse("reports:edit", args=[q2.pk, world.farmers.pk])).content.decode()

    assert "Nhiệm vụ Một" not in page


def carry(client, meeting, previous_directive, **extra):
    data = {
        "notice_number": "",
        "issued_on": "",
        "assessment": "<p>Đánh giá.</p>",
        "shortcomings": "",
        "orientation": "<p>Phương hướng.</p>",
        "directives-TOTAL_FORMS": "0",
        "directives-INITIAL_FORMS": "0",
        "previous-TOTAL_FORMS": "1",
        "previous-INITIAL_FORMS": "1",
        "previous-0-directive": previous_directive.pk,
        "previous-0-action": "carry",
    }
    data.update(extra)
    return client.post(reverse("conclusions:edit", args=[meeting.pk]), data)


def issue(client, meeting):
    Conclusion.objects.filter(meeting=meeting).update(
        notice_number=f"{meeting.pk}-TB/TU", issued_on=meeting.held_on
    )
    response = client.post(reverse("conclusions:issue", args=[meeting.pk]), {"confirmed": "1"})
    assert response.status_code == 302


def test_carried_over_twice_keeps_the_link_to_where_it_started(client, world, issued):
    _q1, (first, *_rest) = issued(texts=("Một",))
    q2 = make_meeting(world.lam_giang, "2024-Q2", held_on=D(2024, 7, 15))
    client.force_login(world.trang)
    carry(client, q2, first)
    issue(client, q2)
    second = Directive.objects.get(conclusion__meeting=q2)
    q3 = make_meeting(world.lam_giang, "2024-Q3", held_on=D(2024, 10, 15))
    carry(client, q3, second)
    issue(client, q3)
    third = Directive.objects.get(conclusion__meeting=q3)

    assert (second.carried_from, second.origin) == (first, first)
    assert (third.carried_from, third.origin) == (second, first)
    assert third.deadline == D(2024, 12, 31)
    statuses = [
        a.status_on(D(2024, 11, 1))
        for a in DirectiveAssignment.objects.select_related("directive").order_by("pk")
    ]
    assert statuses == ["carried_over", "carried_over", "not_yet_due"]
    client.force_login(world.bao)
    timeline = client.get(reverse("tracking:directive", args=[first.pk])).content.decode()
    assert timeline.count("Chuyển sang kết luận") == 2


def test_the_new_conclusion_can_close_a_directive(client, world, issued):
    _q1, (first, *_rest) = issued(texts=("Một",))
    q2 = make_meeting(world.lam_giang, "2024-Q2", held_on=D(2024, 7, 15))
    client.force_login(world.trang)

    carry(client, q2, first, **{"previous-0-action": "close"})
    issue(client, q2)  # a draft closes nothing (tests/tracking/test_draft_conclusions.py)

    part = DirectiveAssignment.objects.get()
    assert (part.progress, part.completed_on) == ("done", D(2024, 7, 15))
    assert part.updates.get().on_behalf


def test_merged_assignee_hands_its_open_directives_to_the_successor(world, issued):
    issued(texts=("Một", "Hai"))
    done = DirectiveAssignment.objects.order_by("pk").first()

    record_progress(assignment=done, progress="done", completed_on=D(2024, 6, 1), by=world.khoi)
    successor = make_organization(
        world.lam_giang, "Ủy ban MTTQ tỉnh (mới)", valid_from=D(2025, 7, 1)
    )

    from tracking import services

    services.merge_organizations(sources=[world.front], into=successor, on=D(2025, 7, 1))

    assert list(
        DirectiveAssignment.objects.order_by("pk").values_list("organization__name", "progress")
    ) == [
        ("Ủy ban MTTQ Việt Nam tỉnh Lâm Giang", "done"),
        ("Ủy ban MTTQ tỉnh (mới)", ""),
    ]
    handover = ProgressUpdate.objects.get(kind="handed_over")
    assert handover.from_organization == world.front
    assert (
        "Bàn giao từ Ủy ban MTTQ Việt Nam tỉnh Lâm Giang sang Ủy ban MTTQ tỉnh (mới)"
        in handover.note
    )


def test_re_saving_a_conclusion_keeps_reported_progress(client, world, issued):
    q1, (first, *_rest) = issued(texts=("Một",))
    part = DirectiveAssignment.objects.get()

    record_progress(assignment=part, progress="in_progress", by=world.khoi)
    client.force_login(world.trang)
    client.post(
        reverse("conclusions:edit", args=[q1.pk]),
        {
            "notice_number": "45-TB/TU",
            "issued_on": "2024-04-19",
            "assessment": "<p>Đánh giá.</p>",
            "shortcomings": "",
            "orientation": "",
            "directives-TOTAL_FORMS": "1",
            "directives-INITIAL_FORMS": "1",
            "directives-0-id": first.pk,
            "directives-0-conclusion": first.conclusion_id,
            "directives-0-text": "Nhiệm vụ Một (sửa câu chữ)",
            "directives-0-lead": world.front.pk,
            "directives-0-due_period": "2024-Q2",
        },
    )

    part.refresh_from_db()
    assert part.progress == "in_progress"
    assert part.updates.count() == 1
    assert Directive.objects.get().text == "Nhiệm vụ Một (sửa câu chữ)"
