"""The reports of the meeting page, written in Python (meetings/report_cards.py,
meetings/report_html.py), are the markup its template loop and ``_report_body.html`` gave:
for staff, a leader, a reporter and another organization's reporter; reports in each
status or missing, with proposals answered or not, cited documents, files, text to
escape; a single report (shown open); in English."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test.html import parse_html

from documents.models import ReportAttachment
from meetings.models import Citation, Proposal
from tests.conftest import reader
from tests.factories import make_meeting, make_organization, make_report

pytestmark = pytest.mark.usefixtures("no_page_cache")

# A report's body as meetings/_report_body.html wrote it before (issue 19).
TEMPLATE_BODY = Template(
    """{% load i18n meetings_tags %}
{% if report.results %}<h4 class="section-title">{% translate "Results achieved" %}</h4><div class="richtext">{{ report.results|richtext }}</div>{% endif %}
{% if report.shortcomings %}<h4 class="section-title">{% translate "Shortcomings and limitations" %}</h4><div class="richtext">{{ report.shortcomings|richtext }}</div>{% endif %}
{% if report.difficulties %}<h4 class="section-title">{% translate "Difficulties and obstacles" %}</h4><div class="richtext">{{ report.difficulties|richtext }}</div>{% endif %}
{% if report.next_tasks %}<h4 class="section-title">{% translate "Key tasks for the next period" %}</h4><div class="richtext">{{ report.next_tasks|richtext }}</div>{% endif %}
{% with proposals=report.shown_proposals %}
{% if proposals %}
<h4 class="section-title">{% translate "Proposals" %}</h4>
<ol class="proposals">
  {% for p in proposals %}
  <li>{{ p.text|linebreaksbr }}{% if p.addressed_to %} <span class="text-body-secondary">({% translate "to" %} {{ p.addressed_to }})</span>{% endif %}
    <div class="small">{% proposal_answer p %}</div></li>
  {% endfor %}
</ol>
{% endif %}
{% endwith %}
{% with citations=report.cited %}{% if citations %}<p class="small mb-1"><strong>{% translate "Documents cited" %}:</strong> {% for c in citations %}{{ c.label }}{% if not forloop.last %}; {% endif %}{% endfor %}</p>{% endif %}{% endwith %}
<p class="small text-body-secondary mb-0">{% if report.submitted_at %}{% blocktranslate with who=report.submitted_by.get_full_name when=report.submitted_at|date:"SHORT_DATETIME_FORMAT" %}Submitted by {{ who }} at {{ when }}.{% endblocktranslate %}{% endif %}
{% if report.accepted_at %}{% blocktranslate with who=report.accepted_by.get_full_name when=report.accepted_at|date:"SHORT_DATETIME_FORMAT" %}Accepted by {{ who }} at {{ when }}.{% endblocktranslate %}{% endif %}</p>
"""  # noqa: E501
)

# The reports as meeting_detail.html's loop wrote them before (issue 19).
TEMPLATE_CARDS = Template(
    """{% load i18n meetings_tags %}
  {% for row in report_rows %}
  {% with report=row.report org=row.organization %}
  <article class="card mb-2" id="report-{{ org.pk }}">
    <div class="card-header d-flex flex-wrap justify-content-between align-items-center gap-2 bg-white">
      <h3 class="h6 mb-0">{{ row.name }}</h3>
      <div class="d-flex flex-wrap gap-2 align-items-center">
        {% if report %}<span class="status status-{{ report.status_key }}">{{ report.get_shown_status_display }}</span>{% else %}<span class="status status-missing">{% translate "Not yet reported" %}</span>{% endif %}
        {% if is_staff or org.pk in own_organizations %}{% if is_staff or not report.is_locked %}
        <a class="btn btn-sm btn-outline-primary d-print-none" href="{% url 'reports:edit' meeting.pk org.pk %}">{% if report %}{% translate "Edit the report" %}{% else %}{% translate "Enter the report" %}{% endif %}</a>
        {% endif %}{% endif %}
        {% if report.attachment_count or is_staff or org.pk in own_organizations %}
        <a class="btn btn-sm btn-outline-secondary d-print-none" href="{% url 'documents:report_files' meeting.pk org.pk %}">{% translate "Original files" %}{% if report.attachment_count %} ({{ report.attachment_count }}){% endif %}</a>
        {% endif %}
        {% if is_staff and report.status == "submitted" %}
        <form method="post" action="{% url 'meetings:report_accept' meeting.pk org.pk %}" class="d-print-none">{% csrf_token %}<input type="hidden" name="version" value="{{ report|version }}"><button class="btn btn-sm btn-success" type="submit">{% translate "Accept" %}</button></form>
        {% endif %}
        {% if is_staff and report.status != "draft" and report %}
        <form method="post" action="{% url 'meetings:report_return' meeting.pk org.pk %}" class="d-print-none">{% csrf_token %}<input type="hidden" name="version" value="{{ report|version }}"><button class="btn btn-sm btn-outline-secondary" type="submit">{% translate "Return to draft" %}</button></form>
        {% endif %}
      </div>
    </div>
    {% if report %}
    <details class="card-body report-body"{% if report_rows|length == 1 %} open{% endif %}>
      <summary>{% translate "Show the report" %}</summary>
      {% include body %}
    </details>
    {% endif %}
  </article>
  {% endwith %}
  {% endfor %}
"""  # noqa: E501
)


def reports_section(html: str) -> str:
    start = html.index('<section class="mb-3" aria-labelledby="reports-heading">')
    section = html[start : html.index("</section>", start)]
    return section.split("</p>", 1)[1]  # after the count of reports submitted


def assert_cards_as_before(response) -> str:
    assert response.status_code == 200
    ours = reports_section(response.content.decode())
    context = response.context
    theirs = TEMPLATE_CARDS.render(
        Context(
            {
                "report_rows": context["report_rows"],
                "meeting": context["meeting"],
                "is_staff": context["is_staff"],
                "own_organizations": context["own_organizations"],
                "csrf_token": context["csrf_token"],
                "body": TEMPLATE_BODY,
            }
        )
    )
    assert parse_html(ours) == parse_html(theirs), f"{ours}\n---\n{theirs}"
    return ours


@pytest.fixture
def page(world):
    """Reports in every status (one missing), with what a body can show."""
    meeting = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 15))
    make_organization(world.lam_giang, "Hội Cựu chiến binh <tỉnh> & “Lâm Giang”", kind="other")
    when = dt.datetime(2024, 7, 10, 2, 30, tzinfo=dt.UTC)
    front = make_report(
        meeting,
        world.front,
        status="accepted",
        results="<p>Tổ chức 12 hội nghị.</p>",
        difficulties="<p>Thiếu kinh phí &amp; nhân lực.</p>",
        submitted_by=world.khoi,
        submitted_at=when,
        accepted_by=world.trang,
        accepted_at=when + dt.timedelta(days=1),
    )
    Proposal.objects.create(
        report=front,
        position=1,
        text="Đề nghị bố trí kinh phí\ncho <năm> 2025 & sau.",
        addressed_to="UBND tỉnh & Sở Tài chính",
        disposition="referred",
        referred_to="Sở Tài chính",
        response="Đã chuyển.\nChờ trả lời.",
    )
    Proposal.objects.create(report=front, position=2, text="Đề nghị tập huấn.")
    Citation.objects.create(report=front, code="12-KL/TW", label="Kết luận 12-KL/TW")
    Citation.objects.create(report=front, code="4934-CV/TU", label="Công văn <4934>-CV/TU")
    ReportAttachment.objects.create(
        report=front,
        original_name="bao-cao.pdf",
        content_type="application/pdf",
        size=10,
        file="x/bao-cao.pdf",
    )
    make_report(
        meeting,
        world.farmers,
        status="submitted",
        next_tasks="<p>Chuẩn bị Đại hội.</p>",
        submitted_by=None,
        submitted_at=when,
    )
    return meeting


@pytest.mark.parametrize("who", ["trang", "bao", "khoi", "ha"])
def test_report_cards_are_the_markup_of_the_template_loop(world, page, who):
    cards = assert_cards_as_before(reader(getattr(world, who)).get(page.get_absolute_url()))

    assert cards.count("<article") == 3
    assert "Hội Cựu chiến binh &lt;tỉnh&gt; &amp; “Lâm Giang”" in cards


def test_a_draft_and_a_single_report(world):
    meeting = make_meeting(world.ha_son, "2024-Q2", held_on=dt.date(2024, 7, 15))
    make_report(meeting, world.foreign_front, status="draft", results="<p>Bản nháp.</p>")

    cards = assert_cards_as_before(reader(world.minh).get(meeting.get_absolute_url()))

    assert '<details class="card-body report-body" open>' in cards


def test_in_english(world, page):
    cards = assert_cards_as_before(reader(world.trang, "en").get(page.get_absolute_url()))

    assert "Results achieved" in cards
