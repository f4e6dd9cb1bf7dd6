"""The compiled proposals of a meeting (.docx), grouped by organization, with answers."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from meetings.models import Proposal
from tests.factories import make_organization, make_report

pytestmark = pytest.mark.django_db


def texts_of(client, meeting) -> list[str]:
    response = client.get(reverse("documents:proposals", args=[meeting.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_grouped_by_organization_with_the_answers(client, world, meeting):
    front = make_report(meeting, world.front, status="submitted")
    farmers = make_report(meeting, world.farmers, status="accepted")
    Proposal.objects.create(
        report=front,
        position=1,
        text="Đề nghị Tỉnh ủy quan tâm bố trí kinh phí tổ chức Đại hội MTTQ các cấp.",
        addressed_to="Thường trực Tỉnh ủy",
        disposition="answered",
        response="Thường trực Tỉnh ủy thống nhất bố trí kinh phí từ nguồn ngân sách tỉnh.",
        responded_at=timezone.now(),
    )
    Proposal.objects.create(
        report=front, position=2, text="Đề nghị hướng dẫn quy trình giám sát.", referred_to=""
    )
    Proposal.objects.create(
        report=farmers,
        position=1,
        text="Đề nghị hỗ trợ nông dân vùng lũ.",
        disposition="referred",
        referred_to="UBND tỉnh",
    )
    client.force_login(world.bao)
    texts = texts_of(client, meeting)
    assert "BÁO CÁO" in texts
    front_at = texts.index("I. ỦY BAN MTTQ VIỆT NAM TỈNH LÂM GIANG")
    farmers_at = texts.index("II. HỘI NÔNG DÂN TỈNH LÂM GIANG")
    assert front_at < farmers_at
    front_part = texts[front_at:farmers_at]
    assert front_part[1] == (
        "1. Đề nghị Tỉnh ủy quan tâm bố trí kinh phí tổ chức Đại hội MTTQ các cấp "
        "(gửi Thường trực Tỉnh ủy)."
    )
    assert front_part[2] == (
        "Trả lời (đã trả lời): Thường trực Tỉnh ủy thống nhất bố trí kinh phí từ nguồn ngân "
        "sách tỉnh."
    )
    assert front_part[3] == "2. Đề nghị hướng dẫn quy trình giám sát."
    assert front_part[4] == "Trả lời: chưa có."
    assert texts[farmers_at + 2] == "Trả lời (đã chuyển cơ quan khác): Đã chuyển UBND tỉnh."


def test_drafts_and_removed_proposals_are_left_out(client, world, meeting):
    draft = make_report(meeting, world.front, status="draft")
    Proposal.objects.create(report=draft, text="Kiến nghị còn ở bản nháp")
    submitted = make_report(meeting, world.farmers, status="submitted")
    removed = Proposal.objects.create(report=submitted, text="Kiến nghị đã gỡ bỏ")
    removed.archived_at = timezone.now()
    removed.save()
    make_organization(world.lam_giang, "Hội Cựu chiến binh tỉnh", kind="veterans")
    client.force_login(world.trang)
    whole = "\n".join(texts_of(client, meeting))
    assert "Kiến nghị còn ở bản nháp" not in whole
    assert "Kiến nghị đã gỡ bỏ" not in whole
    assert "không có cơ quan, tổ chức nào nêu kiến nghị" in whole


def test_only_staff_and_leaders_get_it(client, world, meeting):
    for user, status in ((world.khoi, 404), (world.nam, 404), (world.trang, 200)):
        client.force_login(user)
        assert client.get(reverse("documents:proposals", args=[meeting.pk])).status_code == status
