"""The meeting page's content and a meeting's facts, written in Python
(meetings/meeting_html.py), are the markup ``meeting_detail.html`` and
``_meeting_header.html`` gave them: for staff, a leader and a reporter; a meeting with
everything its facts can show (text to escape too) and an issued conclusion with its
signed copy; a draft conclusion (the button to issue it, or nothing for a reporter); a
meeting not held, with neither summary nor conclusion; in English; the printable page."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from django.urls import reverse

from documents.models import SignedNotice
from meetings.models import Attendance, Conclusion, Directive
from tests.conftest import reader
from tests.factories import make_meeting, make_report, make_user

pytestmark = pytest.mark.usefixtures("no_page_cache")

# The facts of a meeting as meetings/_meeting_header.html wrote them before (issue 19).
HEADER = """
<dl class="row meeting-facts mb-0">
  <dt class="col-sm-3">{% translate "Party committee" %}</dt><dd class="col-sm-9">{{ meeting.committee.name }}</dd>
  <dt class="col-sm-3">{% translate "Period" %}</dt><dd class="col-sm-9">{{ meeting.period.label }}</dd>
  <dt class="col-sm-3">{% translate "Date held" %}</dt><dd class="col-sm-9">{% if meeting.held_on %}{% if meeting.session %}{{ meeting.get_session_display }}, {% endif %}{{ meeting.held_on|date:"SHORT_DATE_FORMAT" }}{% else %}{% translate "not yet held" %}{% endif %}</dd>
  {% if meeting.place %}<dt class="col-sm-3">{% translate "Place" %}</dt><dd class="col-sm-9">{{ meeting.place }}</dd>{% endif %}
  {% if meeting.chair_name %}<dt class="col-sm-3">{% translate "Chair" %}</dt><dd class="col-sm-9">{% translate "Comrade" %} {{ meeting.chair_name }}{% if meeting.chair_title %}, {{ meeting.chair_title }}{% endif %}{% if meeting.chair_on_behalf_of_standing_committee %}, {% blocktranslate with committee=meeting.committee.name %}on behalf of the Standing Committee of {{ committee }}{% endblocktranslate %}{% endif %}</dd>{% endif %}
  {% if attendances %}
  <dt class="col-sm-3">{% translate "Attendance" %}</dt>
  <dd class="col-sm-9"><ul class="list-unstyled mb-0">{% for a in attendances %}<li>{{ a.display_name }}{% if a.representatives %}: {{ a.representatives }}{% endif %}{% if not a.present %} <span class="text-body-secondary">({% translate "invited, absent" %})</span>{% endif %}</li>{% endfor %}</ul></dd>
  {% endif %}
  {% if meeting.other_attendees %}<dt class="col-sm-3">{% translate "Other attendees" %}</dt><dd class="col-sm-9">{{ meeting.other_attendees|linebreaksbr }}</dd>{% endif %}
</dl>"""  # noqa: E501

TEMPLATE_FACTS = Template("{% load i18n %}" + HEADER)

# The content of meetings/meeting_detail.html before (issue 19), the header included.
TEMPLATE_PAGE = Template(
    """{% load i18n meetings_tags %}
<nav aria-label="{% translate 'Breadcrumb' %}" class="d-print-none">
  <ol class="breadcrumb"><li class="breadcrumb-item"><a href="{% url 'meetings:list' %}">{% translate "Liaison meetings" %}</a></li><li class="breadcrumb-item active" aria-current="page">{{ meeting.period.label }}</li></ol>
</nav>
<div class="page-header d-flex flex-wrap justify-content-between gap-2">
  <div>
    <h1>{{ meeting.display_title|capfirst }}</h1>
    <p class="lead">{{ meeting.committee.name }} · <span class="status status-{{ meeting.status }}">{{ meeting.get_status_display }}</span></p>
  </div>
  <div class="d-flex flex-wrap gap-2 align-items-start d-print-none">
    <a class="btn btn-outline-secondary" href="{% url 'meetings:print' meeting.pk %}">{% translate "Printable version" %}</a>
    {% if reads_proposals %}<a class="btn btn-outline-secondary" href="{% url 'tracking:proposals' %}?committee={{ meeting.committee_id }}">{% translate "Register of proposals" %}</a>
    <a class="btn btn-outline-secondary" href="{% url 'documents:proposals' meeting.pk %}">{% translate "Compiled proposals (.docx)" %}</a>
    <a class="btn btn-outline-secondary" href="{% url 'documents:summary_draft' meeting.pk %}">{% translate "Download the draft summary report (.docx)" %}</a>{% endif %}
    {% if is_staff %}
    <a class="btn btn-outline-primary" href="{% url 'meetings:edit' meeting.pk %}">{% translate "Edit the meeting" %}</a>
    <a class="btn btn-outline-primary" href="{% url 'meetings:next' meeting.pk %}">{% translate "New meeting for the next period" %}</a>
    <a class="btn btn-outline-secondary" href="{% url 'meetings:history' meeting.pk %}">{% translate "History of changes" %}</a>
    <a class="btn btn-outline-secondary" href="{% url 'meetings:removed' %}?committee={{ meeting.committee_id }}">{% translate "Removed items" %}</a>
    {% endif %}
  </div>
</div>

<div class="card mb-3"><div class="card-body">"""  # noqa: E501
    + HEADER
    + """</div></div>

{% if meeting.summary %}
<section class="card mb-3"><div class="card-body">
  <h2 class="h5 card-title">{% translate "Summary of the period" %}</h2>
  <div class="richtext">{{ meeting.summary|richtext }}</div>
  {% if meeting.source %}<p class="small text-body-secondary mb-0">{% translate "Source" %}: {{ meeting.source }}</p>{% endif %}
</div></section>
{% endif %}

<section class="mb-3" aria-labelledby="reports-heading">
  <h2 class="h4" id="reports-heading">{% translate "Reports of the organizations" %}</h2>
  <p class="text-body-secondary">{% blocktranslate with done=reported_count total=report_rows|length %}{{ done }} of {{ total }} organizations have submitted their report.{% endblocktranslate %}</p>
  {% report_deadlines %}{% report_cards report_rows %}
</section>

<section class="card mb-3" id="conclusion" aria-labelledby="conclusion-heading">
  <div class="card-header d-flex flex-wrap justify-content-between align-items-center gap-2 bg-white">
    <h2 class="h4 mb-0" id="conclusion-heading">{% translate "Conclusion" %}</h2>
    <div class="d-flex flex-wrap align-items-center gap-2 d-print-none">
      {% if conclusion %}<span class="status status-{{ conclusion.status }}">{{ conclusion.get_status_display }}</span>{% endif %}
      {% if is_staff %}<a class="btn btn-sm btn-outline-primary" href="{% url 'conclusions:edit' meeting.pk %}">{% if conclusion %}{% translate "Edit the conclusion" %}{% else %}{% translate "Enter the conclusion" %}{% endif %}</a>{% endif %}
      {% if conclusion and not conclusion.without_notice %}<a class="btn btn-sm btn-outline-secondary" href="{% url 'documents:notice' meeting.pk %}">{% translate "Notice (.docx)" %}</a>{% endif %}
      {% if conclusion.status == "issued" %}<a class="btn btn-sm btn-outline-secondary" href="{% url 'documents:signed_notice' meeting.pk %}">{% translate "Signed copy" %}{% if conclusion.signed_version %} ({% blocktranslate with number=conclusion.signed_version %}version {{ number }}{% endblocktranslate %}){% endif %}</a><a class="btn btn-sm btn-outline-secondary" href="{% url 'conclusions:follow_up' meeting.pk %}">{% translate "Follow-up of the directives" %}</a>{% endif %}
      {% if may_issue and conclusion and conclusion.status == "draft" %}
      <form method="post" action="{% url 'conclusions:issue' meeting.pk %}">{% csrf_token %}<input type="hidden" name="version" value="{{ conclusion.updated_at.isoformat }}"><button class="btn btn-sm btn-primary" type="submit">{% translate "Issue the conclusion" %}</button></form>
      {% endif %}
    </div>
  </div>
  <div class="card-body">
    {% if conclusion %}{% conclusion_body conclusion directives %}{% else %}<p class="text-body-secondary mb-0">{% translate "No conclusion yet." %}</p>{% endif %}
  </div>
</section>"""  # noqa: E501
)

MAIN = '<main id="main"'


def content_as_before(response) -> str:
    """The page's content; asserted to be what the former template gave."""
    assert response.status_code == 200
    context = Context(response.context[0].flatten())
    context["request"] = response.wsgi_request
    theirs = TEMPLATE_PAGE.render(context)
    ours = Template("{% load meetings_tags %}{% meeting_page %}").render(context)
    assert parse_html(ours) == parse_html(theirs), f"{ours}\n---\n{theirs}"
    assert parse_html(ours) in parse_html(response.content.decode())
    return ours


@pytest.fixture
def full(world):
    """A meeting with everything its facts show, an issued conclusion, two signed copies."""
    meeting = make_meeting(
        world.lam_giang,
        "2024-Q2",
        held_on=dt.date(2024, 7, 15),
        session="morning",
        place="Hội trường <A> & “B”",
        chair_name="Phạm Minh Đức",
        chair_title="Phó Bí thư <Thường trực>",
        other_attendees="Đại diện Sở Nội vụ\nĐại diện <Công an> tỉnh",
        summary="<p>Tình hình quý II.</p>",
        source="Báo cáo số 12 & 13",
    )
    Attendance.objects.create(
        meeting=meeting, organization=world.front, present=True, representatives="đ/c Lan <PCT>"
    )
    Attendance.objects.create(meeting=meeting, organization=world.farmers, present=False)
    make_report(meeting, world.front, status="submitted", results="<p>Kết quả.</p>")
    conclusion = Conclusion.objects.create(
        meeting=meeting, status="issued", notice_number="45-TB/TU", issued_on=dt.date(2024, 7, 20)
    )
    Directive.objects.create(conclusion=conclusion, position=1, text="Nhiệm vụ <một>")
    for version in (1, 2):
        SignedNotice.objects.create(
            conclusion=conclusion,
            version=version,
            original_name=f"tb-{version}.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
            file=f"files/tb-{version}.pdf",
        )
    return meeting


@pytest.mark.parametrize("who", ["trang", "bao", "khoi", "nam"])
def test_the_content_is_the_markup_of_the_template(world, full, who):
    content = content_as_before(reader(getattr(world, who)).get(full.get_absolute_url()))

    assert "Hội trường &lt;A&gt; &amp; “B”" in content
    assert "Đại diện Sở Nội vụ<br>Đại diện &lt;Công an&gt; tỉnh" in content
    assert "đ/c Lan &lt;PCT&gt;" in content
    assert "(phiên bản 2)" in content


@pytest.mark.parametrize("who", ["trang", "bao", "khoi"])
def test_a_draft_conclusion(world, who):
    meeting = make_meeting(world.lam_giang, "2024-Q3", held_on=dt.date(2024, 10, 15))
    conclusion = Conclusion.objects.create(meeting=meeting, status="draft")
    Directive.objects.create(conclusion=conclusion, position=1, text="Nhiệm vụ")

    content = content_as_before(reader(getattr(world, who)).get(meeting.get_absolute_url()))

    issue = reverse("conclusions:issue", args=[meeting.pk])
    assert (issue in content) == (who != "khoi")
    assert ("csrfmiddlewaretoken" in content) == (who != "khoi")


def test_a_meeting_not_held_without_summary_nor_conclusion(world):
    meeting = make_meeting(world.lam_giang, "2024-Q3", held_on=None, title="hội nghị <riêng>")

    content = content_as_before(reader(world.trang).get(meeting.get_absolute_url()))

    assert "<h1>Hội nghị &lt;riêng&gt;</h1>" in content
    assert "chưa tổ chức" in content


def test_in_english(world, full):
    content = content_as_before(reader(world.trang, "en").get(full.get_absolute_url()))

    assert "Printable version" in content and "(version 2)" in content


@pytest.mark.parametrize("who", ["trang", "khoi"])
def test_the_printable_page_shows_the_facts_as_before(world, full, who):
    response = reader(getattr(world, who)).get(reverse("meetings:print", args=[full.pk]))

    assert response.status_code == 200
    context = Context(response.context[0].flatten())
    theirs = TEMPLATE_FACTS.render(context)
    assert parse_html(theirs) in parse_html(response.content.decode())


def test_a_superuser_without_a_role_reads_the_pages(world, full):
    """Anyone else reads the meeting's committee with their roles (get_meeting); a
    superuser holds none there: the committee is read with the meeting."""
    admin = make_user("root", "Quản trị hệ thống", is_superuser=True, is_staff=True)
    client = reader(admin)

    content = content_as_before(client.get(full.get_absolute_url()))
    printed = client.get(reverse("meetings:print", args=[full.pk])).content.decode()

    assert world.lam_giang.name in content and world.lam_giang.name in printed
    assert reverse("conclusions:edit", args=[full.pk]) in content  # a superuser manages
