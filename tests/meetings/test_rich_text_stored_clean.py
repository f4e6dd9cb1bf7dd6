"""Rich text is cleaned once, when saved, by every path that stores it; pages show it as
stored (``|richtext`` only marks it safe, tests/richtext_guard.py checks it was cleaned)."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from giaoban.generate import SCALES, Generator
from meetings import richtext
from meetings.models import Conclusion, Meeting, Report
from tests import richtext_guard
from tests.factories import make_report
from tests.meetings.test_meeting_pages import meeting_data
from tests.meetings.test_reports import report_data, report_url
from tests.tracking.test_conclusion_cost import conclusion_post, conclusion_url

DIRTY = (
    '<p onclick="steal()">Nội dung <a href="javascript:alert(1)">liên kết</a> '
    '<span style="color:red">đỏ</span></p><script>alert("x")</script>'
)
CLEAN = "<p>Nội dung liên kết đỏ</p>"
RICH_TEXT = {
    Meeting: ("summary",),
    Report: ("results", "shortcomings", "difficulties", "next_tasks"),
    Conclusion: ("assessment", "shortcomings", "orientation"),
}


def assert_harmless(page: str) -> None:
    assert CLEAN in page
    for unsafe in ('alert("x")', "onclick=", "javascript:", "steal()", "color:red"):
        assert unsafe not in page


def stored_texts() -> list[str]:
    return [
        value
        for model, fields in RICH_TEXT.items()
        for row in model.objects.values_list(*fields)
        for value in row
    ]


def test_a_meeting_summary_sent_through_the_form_is_stored_clean(client, world):
    client.force_login(world.trang)

    client.post(reverse("meetings:create"), meeting_data(world, summary=DIRTY))

    meeting = Meeting.objects.get()
    assert meeting.summary == CLEAN
    assert_harmless(client.get(meeting.get_absolute_url()).content.decode())


def test_a_report_sent_through_the_form_is_stored_clean(client, world, meeting):
    client.force_login(world.khoi)
    sections = dict.fromkeys(RICH_TEXT[Report], DIRTY)

    client.post(report_url(meeting, world.front), {**report_data(**sections), "submit": "1"})

    report = Report.objects.get()
    assert [getattr(report, name) for name in RICH_TEXT[Report]] == [CLEAN] * 4
    client.force_login(world.trang)
    assert_harmless(client.get(meeting.get_absolute_url()).content.decode())
    assert_harmless(client.get(reverse("meetings:print", args=[meeting.pk])).content.decode())


def test_a_conclusion_sent_through_the_form_is_stored_clean(client, world, meeting):
    client.force_login(world.trang)
    sections = dict.fromkeys(RICH_TEXT[Conclusion], DIRTY)

    response = client.post(conclusion_url(meeting), conclusion_post([], **sections))

    assert response.status_code == 302
    conclusion = Conclusion.objects.get()
    assert [getattr(conclusion, name) for name in RICH_TEXT[Conclusion]] == [CLEAN] * 3
    assert_harmless(client.get(meeting.get_absolute_url()).content.decode())


def test_demo_and_generated_texts_are_stored_as_cleaning_would_store_them(db, demo_accounts):
    Generator(SCALES["tiny"]).run()

    texts = stored_texts()

    assert len(texts) > 100
    assert [t for t in texts if richtext.clean(t).html != t] == []


def test_the_migration_cleans_what_was_stored_before(world, meeting):
    report = make_report(meeting, world.front, status="submitted", results=DIRTY)
    Meeting.objects.filter(pk=meeting.pk).update(summary="Tóm tắt & <b>đậm</b>")
    migration = importlib.import_module("meetings.migrations.0008_clean_stored_rich_text")

    migration.clean_stored_rich_text(apps, None)

    report.refresh_from_db()
    meeting.refresh_from_db()
    assert report.results == CLEAN
    assert meeting.summary == "Tóm tắt &amp; <strong>đậm</strong>"
    assert all(richtext.clean(t).html == t for t in stored_texts())


@pytest.mark.usefixtures("no_page_cache")
def test_the_suite_fails_a_writer_that_stored_text_uncleaned(client, world, meeting):
    make_report(meeting, world.front, status="submitted", results=DIRTY)  # no service
    client.force_login(world.trang)

    page = client.get(meeting.get_absolute_url()).content.decode()

    caught = richtext_guard.stop()  # what would fail the test, taken out of the guard
    assert len(caught) == 1 and "onclick" in caught[0]
    assert_harmless(page)


def test_the_conflict_panel_cleans_what_it_shows(world):
    from django.template import Context, Template

    shown = Template("{% load meetings_tags %}{{ value|clean_richtext }}").render(
        Context({"value": DIRTY})
    )

    assert shown == CLEAN


def editor_of(page: str, name: str) -> str:
    """The text given to the editor of field ``name`` (as the textarea holds it)."""
    import html
    import re

    found = re.search(rf'<textarea name="{name}"[^>]*>\n(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1))


@pytest.mark.usefixtures("no_page_cache")
def test_the_editors_of_a_form_opened_hold_the_stored_text(client, world, meeting):
    make_report(meeting, world.front, results="<p>Kết quả <strong>đậm</strong> &amp; rõ</p>")
    client.force_login(world.khoi)

    page = client.get(report_url(meeting, world.front)).content.decode()

    assert editor_of(page, "results") == "<p>Kết quả <strong>đậm</strong> &amp; rõ</p>"
    assert editor_of(page, "shortcomings") == ""
    assert "<strong>đậm</strong>" not in page  # escaped in the textarea


@pytest.mark.usefixtures("no_page_cache")
def test_the_editors_of_a_form_sent_back_hold_what_was_typed_cleaned(client, world, meeting):
    client.force_login(world.khoi)
    data = {**report_data(results=DIRTY), "proposals-TOTAL_FORMS": "x"}  # refused

    page = client.post(report_url(meeting, world.front), data).content.decode()

    assert editor_of(page, "results") == CLEAN


@pytest.mark.usefixtures("no_page_cache")
def test_the_suite_fails_a_writer_whose_uncleaned_text_an_editor_opens(client, world, meeting):
    make_report(meeting, world.front, results=DIRTY)  # no service
    client.force_login(world.khoi)

    page = client.get(report_url(meeting, world.front)).content.decode()

    caught = richtext_guard.stop()
    assert len(caught) == 1 and "onclick" in caught[0]
    assert editor_of(page, "results") == CLEAN
