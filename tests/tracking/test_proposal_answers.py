"""Staff answer the proposals of accepted reports from the register, without unlocking
the report."""

from django.urls import reverse

from meetings.models import Proposal
from tests.factories import make_report


def accepted_proposal(meeting, organization):
    report = make_report(meeting, organization, status="accepted", results="<p>Kết quả.</p>")
    return Proposal.objects.create(report=report, position=1, text="Đề nghị bố trí kinh phí")


def test_staff_answer_a_proposal_of_an_accepted_report_from_the_register(client, world, meeting):
    proposal = accepted_proposal(meeting, world.front)
    answer_url = reverse("tracking:proposal_answer", args=[proposal.pk])
    client.force_login(world.trang)
    register = client.get(reverse("tracking:proposals"), {"committee": world.lam_giang.pk})
    assert answer_url in register.content.decode()

    response = client.post(
        answer_url,
        {
            "disposition": "answered",
            "response": "Thường trực Tỉnh ủy giao UBND tỉnh bố trí trong năm 2024.",
            "referred_to": "",
        },
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.disposition == "answered"
    assert proposal.response.startswith("Thường trực Tỉnh ủy giao")
    assert (proposal.responded_by, proposal.report.status) == (world.trang, "accepted")
    answered = proposal.history.first()  # the meeting's history shows who answered
    assert (answered.history_user, answered.disposition) == (world.trang, "answered")
    register = client.get(response["Location"]).content.decode()
    assert "Thường trực Tỉnh ủy giao UBND tỉnh" in register
    client.force_login(world.khoi)
    report_url = reverse("reports:edit", args=[meeting.pk, world.front.pk])
    assert client.get(report_url).status_code == 404  # still locked for the reporter


def test_only_staff_of_the_committee_answer(client, world, meeting):
    proposal = accepted_proposal(meeting, world.front)
    answer_url = reverse("tracking:proposal_answer", args=[proposal.pk])
    for user in (world.bao, world.khoi, world.minh):
        client.force_login(user)
        data = {"disposition": "noted", "response": "", "referred_to": ""}
        assert client.post(answer_url, data).status_code == 404, user
    proposal.refresh_from_db()
    assert proposal.disposition == "pending"


def test_an_answer_without_its_text_is_refused_and_kept(client, world, meeting):
    proposal = accepted_proposal(meeting, world.front)
    client.force_login(world.trang)

    response = client.post(
        reverse("tracking:proposal_answer", args=[proposal.pk]),
        {"disposition": "referred", "response": "Chuyển cơ quan chức năng.", "referred_to": ""},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Chuyển cơ quan chức năng." in page
    proposal.refresh_from_db()
    assert proposal.disposition == "pending"


def test_staff_pages_link_to_the_register(client, world, meeting):
    accepted_proposal(meeting, world.front)
    register = reverse("tracking:proposals")
    client.force_login(world.trang)
    for url in (
        meeting.get_absolute_url(),
        reverse("reports:edit", args=[meeting.pk, world.front.pk]),
        reverse("tracking:board"),
    ):
        assert register in client.get(url).content.decode(), url
    client.force_login(world.khoi)
    assert register not in client.get(meeting.get_absolute_url()).content.decode()


def test_proposals_of_a_draft_report_are_neither_listed_counted_nor_answered(
    client, world, meeting
):
    accepted_proposal(meeting, world.front)
    draft = make_report(meeting, world.farmers, results="<p>Đang soạn.</p>")
    in_draft = Proposal.objects.create(report=draft, position=1, text="Đề nghị còn đang soạn")
    client.force_login(world.trang)

    register = client.get(reverse("tracking:proposals"), {"committee": world.lam_giang.pk})
    answer = client.post(
        reverse("tracking:proposal_answer", args=[in_draft.pk]),
        {"disposition": "noted", "response": "", "referred_to": ""},
    )

    page = register.content.decode()
    assert "Đề nghị bố trí kinh phí" in page
    assert "Đề nghị còn đang soạn" not in page
    assert "Còn 1 kiến nghị, đề xuất chờ trả lời" in page
    assert answer.status_code == 404
    in_draft.refresh_from_db()
    assert in_draft.disposition == "pending"
