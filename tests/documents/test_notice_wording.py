"""What entering the two sample meetings showed (issue 17): a directive's line reads with one
final full stop, the note in parentheses before it; a directive that says "Giao …" itself
is not followed by the assignee again; the chair concluding on behalf of the Standing
Committee is said; the draft summary report names the meeting's own title; a conclusion
recorded from the minutes has no notice to download. Opened back with python-docx."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import Conclusion
from tests.documents.test_notice_recipients import conclusion_of, directive_line, give, notice
from tests.documents.test_summary_draft import download as download_draft
from tests.documents.test_summary_draft import texts_of
from tests.factories import make_report
from tests.tracking.test_conclusion_without_notice import recorded

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

FRONT = "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang"


def test_a_directive_reads_with_one_final_full_stop_after_its_note(world, meeting):
    conclusion = conclusion_of(meeting)
    dated = give(
        conclusion, "Tăng cường phối hợp tuyên truyền, vận động nhân dân.", lead=world.front
    )
    dated.due_date = dt.date(2024, 6, 30)
    dated.save()
    give(conclusion, "Chăm lo đời sống hội viên", lead=world.farmers)  # no stop of its own
    give(conclusion, "Thực hiện tốt các nhiệm vụ chuyên môn năm...", lead=world.farmers)
    give(conclusion, "Quan tâm công tác phản biện xã hội.")  # nobody named: its own stop

    document = notice(meeting)

    assert directive_line(document, "Tăng cường").endswith(
        f"Tăng cường phối hợp tuyên truyền, vận động nhân dân (giao {FRONT}; "
        "thời hạn: ngày 30 tháng 6 năm 2024)."
    )
    assert directive_line(document, "Chăm lo").endswith(
        "Chăm lo đời sống hội viên (giao Hội Nông dân tỉnh Lâm Giang)."
    )
    # An ellipsis is the text's own.
    assert directive_line(document, "chuyên môn").endswith(
        "năm... (giao Hội Nông dân tỉnh Lâm Giang)."
    )
    assert directive_line(document, "phản biện").endswith("Quan tâm công tác phản biện xã hội.")
    lines = [directive_line(document, word) for word in ("Tăng cường", "Chăm lo", "phản biện")]
    assert not any(". (" in line or ".)." in line or ".." in line for line in lines)


@pytest.mark.parametrize("text", ["Giao Ban Dân vận Tỉnh ủy chủ trì", "  giao Ban Dân vận Tỉnh ủy"])
def test_a_directive_that_names_its_assignee_is_not_followed_by_it_again(
    world, meeting, dan_van, text
):
    conclusion = conclusion_of(meeting)
    directive = give(
        conclusion,
        f"{text}, phối hợp với Ủy ban MTTQ tổng hợp những kiến nghị, đề xuất.",
        lead=dan_van,
        others=[world.front],
    )
    give(conclusion, "Giám sát việc thực hiện chính sách.", lead=dan_van)

    document = notice(meeting)

    line = directive_line(document, "tổng hợp những kiến nghị")
    assert line.endswith("tổng hợp những kiến nghị, đề xuất.")
    assert "(giao" not in line
    # A due date is still said, in the one parenthesis.
    directive.due_date = dt.date(2024, 6, 30)
    directive.save()
    line = directive_line(notice(meeting), "tổng hợp những kiến nghị")
    assert line.endswith("kiến nghị, đề xuất (thời hạn: ngày 30 tháng 6 năm 2024).")
    # "Giám sát" does not start with "Giao": its assignee is named.
    assert directive_line(document, "Giám sát").endswith("(giao Ban Dân vận Tỉnh ủy).")


def test_the_chair_concluding_on_behalf_of_the_standing_committee_is_said(world, meeting):
    give(conclusion_of(meeting), "Một nhiệm vụ.", lead=world.front)
    said = "đồng chí chủ trì hội nghị thay mặt Ban Thường vụ Tỉnh ủy Lâm Giang kết luận như sau:"
    assert not any(said in text for text in texts_of(notice(meeting)))

    meeting.chair_on_behalf_of_standing_committee = True
    meeting.save()

    assert any(text.endswith(said) for text in texts_of(notice(meeting)))


def test_the_draft_summary_report_names_the_meetings_own_title(client, world, meeting):
    meeting.title = "Hội nghị giao ban công tác xây dựng Đảng và công tác Mặt trận quý I năm 2024"
    meeting.save()
    make_report(meeting, world.front, status="submitted", results="<p>Kết quả.</p>")
    client.force_login(world.trang)

    _response, document = download_draft(client, meeting)

    texts = texts_of(document)
    assert texts[texts.index("BÁO CÁO") + 1] == (
        "Tổng hợp tình hình, kết quả hoạt động của Mặt trận Tổ quốc và các tổ chức chính trị - "
        "xã hội phục vụ Hội nghị giao ban công tác xây dựng Đảng và công tác Mặt trận quý I "
        "năm 2024"
    )
    assert any(
        t.startswith("Trên cơ sở báo cáo")
        and "gửi Hội nghị giao ban công tác xây dựng Đảng và công tác Mặt trận quý I năm 2024," in t
        for t in texts
    )
    assert not any("hội nghị giao ban quý I/2024" in t for t in texts)


def test_a_conclusion_recorded_without_a_notice_offers_no_notice_to_download(
    client, world, meeting, dan_van
):
    notice_url = reverse("documents:notice", args=[meeting.pk])

    page = recorded(client, world, meeting, dan_van).content.decode()  # the meeting page

    assert Conclusion.objects.get().without_notice
    assert "Không có thông báo kết luận" in page
    assert notice_url not in page
    assert client.get(meeting.get_absolute_url()).content.decode().count(notice_url) == 0
    assert client.get(notice_url).status_code == 404
    # Nor does the signed copy's page send there.
    signed = client.get(reverse("documents:signed_notice", args=[meeting.pk])).content.decode()
    assert notice_url not in signed


def test_a_conclusion_with_a_notice_still_offers_it(client, world, meeting, dan_van):
    conclusion_of(meeting)
    client.force_login(world.trang)
    notice_url = reverse("documents:notice", args=[meeting.pk])

    assert notice_url in client.get(meeting.get_absolute_url()).content.decode()
    assert client.get(notice_url).status_code == 200
