"""Two people edit the same report or conclusion at once: the second save is refused,
shows what changed and keeps what the second person typed."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from meetings.models import Conclusion, Proposal, Report
from organizations.models import RoleKind
from tests.factories import make_report, make_role, make_user


def opened_form(client, url):
    page = client.get(url).content.decode()
    version = re.search(r'name="version" value="([^"]*)"', page)
    return version.group(1) if version else ""


def report_data(version, results):
    return {
        "version": version,
        "results": results,
        "shortcomings": "",
        "difficulties": "",
        "next_tasks": "",
        "proposals-TOTAL_FORMS": "0",
        "proposals-INITIAL_FORMS": "0",
    }


def test_the_second_save_of_a_report_is_refused_and_keeps_its_text(world, meeting):
    make_report(meeting, world.front, results="<p>Bản đầu</p>")
    url = reverse("meetings:report", args=[meeting.pk, world.front.pk])
    staff, reporter = Client(), Client()
    staff.force_login(world.trang)
    reporter.force_login(world.khoi)
    staff_version = opened_form(staff, url)
    reporter_version = opened_form(reporter, url)

    first = staff.post(url, report_data(staff_version, "<p>Cán bộ sửa số liệu: 1.250 hội viên</p>"))
    second = reporter.post(
        url, report_data(reporter_version, "<p>Báo cáo viên bổ sung kết quả</p>")
    )

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "Lê Thị Thu Trang đã lưu nội dung này lúc" in page
    assert "Báo cáo viên bổ sung kết quả" in page  # what the reporter typed is kept
    assert "Cán bộ sửa số liệu: 1.250 hội viên" in page  # and the stored version is shown
    assert Report.objects.get().results == "<p>Cán bộ sửa số liệu: 1.250 hội viên</p>"

    # After merging, saving again from the refreshed form succeeds.
    refreshed = re.search(r'name="version" value="([^"]*)"', page).group(1)
    third = reporter.post(url, report_data(refreshed, "<p>Đã hợp nhất hai bản</p>"))
    assert third.status_code == 302
    assert Report.objects.get().results == "<p>Đã hợp nhất hai bản</p>"


def test_the_second_save_of_a_conclusion_is_refused(world, meeting):
    Conclusion.objects.create(meeting=meeting, assessment="<p>Bản đầu</p>")
    url = reverse("conclusions:edit", args=[meeting.pk])
    one, two = Client(), Client()
    one.force_login(world.trang)
    two.force_login(world.trang)
    version = opened_form(one, url)
    opened_form(two, url)
    data = {
        "version": version,
        "notice_number": "",
        "issued_on": "",
        "shortcomings": "",
        "orientation": "",
        "directives-TOTAL_FORMS": "0",
        "directives-INITIAL_FORMS": "0",
    }

    assert one.post(url, {**data, "assessment": "<p>Sửa lần một</p>"}).status_code == 302
    second = two.post(url, {**data, "assessment": "<p>Sửa lần hai</p>"})

    assert second.status_code == 200
    assert "Sửa lần hai" in second.content.decode()
    assert Conclusion.objects.get().assessment == "<p>Sửa lần một</p>"


def submitted_proposal(meeting, organization):
    report = make_report(meeting, organization, status="submitted", results="<p>Kết quả.</p>")
    return Proposal.objects.create(report=report, position=1, text="Đề nghị bố trí kinh phí")


def second_staff(world):
    son = make_user("son", "Hoàng Văn Sơn")
    make_role(son, world.lam_giang, RoleKind.STAFF)
    return son


def answer_data(version, disposition, response, referred_to=""):
    return {
        "version": version,
        "disposition": disposition,
        "response": response,
        "referred_to": referred_to,
    }


def test_a_report_form_opened_before_an_answer_does_not_write_the_old_answer_back(world, meeting):
    proposal = submitted_proposal(meeting, world.front)
    report_url = reverse("meetings:report", args=[meeting.pk, world.front.pk])
    answer_url = reverse("tracking:proposal_answer", args=[proposal.pk])
    editor, answerer = Client(), Client()
    editor.force_login(second_staff(world))
    answerer.force_login(world.trang)
    report_version = opened_form(editor, report_url)  # the proposal still awaits an answer there

    answered = answerer.post(
        answer_url,
        answer_data(
            opened_form(answerer, answer_url), "answered", "UBND tỉnh bố trí kinh phí năm 2024."
        ),
    )
    saved = editor.post(
        report_url,
        {
            **report_data(report_version, "<p>Kết quả, bổ sung số liệu quý I.</p>"),
            "proposals-TOTAL_FORMS": "1",
            "proposals-INITIAL_FORMS": "1",
            "proposals-0-id": proposal.pk,
            "proposals-0-report": proposal.report_id,
            "proposals-0-text": "Đề nghị bố trí kinh phí",
            "proposals-0-addressed_to": "",
            "proposals-0-disposition": "pending",
            "proposals-0-response": "",
            "proposals-0-referred_to": "",
        },
    )

    assert answered.status_code == 302
    assert saved.status_code == 200
    page = saved.content.decode()
    assert "Lê Thị Thu Trang đã lưu nội dung này lúc" in page
    assert "Kết quả, bổ sung số liệu quý I." in page  # what the editor typed is kept
    proposal.refresh_from_db()
    assert (proposal.disposition, proposal.response, proposal.responded_by) == (
        "answered",
        "UBND tỉnh bố trí kinh phí năm 2024.",
        world.trang,
    )


def test_the_second_answer_to_a_proposal_is_refused_and_keeps_its_text(world, meeting):
    proposal = submitted_proposal(meeting, world.front)
    url = reverse("tracking:proposal_answer", args=[proposal.pk])
    one, two = Client(), Client()
    one.force_login(world.trang)
    two.force_login(second_staff(world))
    first_version = opened_form(one, url)
    second_version = opened_form(two, url)

    first = one.post(url, answer_data(first_version, "answered", "Đồng ý bố trí kinh phí."))
    second = two.post(
        url, answer_data(second_version, "referred", "Chuyển để tham mưu.", "Sở Tài chính")
    )

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "Lê Thị Thu Trang đã lưu nội dung này lúc" in page
    assert "Chuyển để tham mưu." in page and "Sở Tài chính" in page  # the second text is kept
    assert "Đồng ý bố trí kinh phí." in page  # and the stored answer is shown
    proposal.refresh_from_db()
    assert (proposal.disposition, proposal.responded_by) == ("answered", world.trang)

    # After reading the stored answer, saving again from the refreshed form succeeds.
    refreshed = re.search(r'name="version" value="([^"]*)"', page).group(1)
    third = two.post(url, answer_data(refreshed, "referred", "Đã thống nhất.", "Sở Tài chính"))
    assert third.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.disposition, proposal.referred_to) == ("referred", "Sở Tài chính")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_answers_sent_at_the_same_moment_only_one_is_saved(world, meeting):
    proposal = submitted_proposal(meeting, world.front)
    url = reverse("tracking:proposal_answer", args=[proposal.pk])
    clients = {"Trang": Client(), "Sơn": Client()}
    clients["Trang"].force_login(world.trang)
    clients["Sơn"].force_login(second_staff(world))
    versions = {name: opened_form(client, url) for name, client in clients.items()}
    start = threading.Barrier(len(clients))
    outcomes = {}

    def answer(name):
        # Each thread talks to the database on its own connection.
        try:
            start.wait(timeout=10)
            data = answer_data(versions[name], "answered", f"Trả lời của đồng chí {name}.")
            outcomes[name] = clients[name].post(url, data).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == [200, 302]  # one saved, the other shown the conflict
    saved = next(name for name, status in outcomes.items() if status == 302)
    assert Proposal.objects.get(pk=proposal.pk).response == f"Trả lời của đồng chí {saved}."
