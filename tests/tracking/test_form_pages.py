"""The content of the report form and of the conclusion form, written in Python
(tracking/form_pages.py), is the markup their templates gave, character for character:
opened and sent back with errors, for staff and for a reporter, a report locked or not,
a conclusion with earlier directives to carry over or close, in Vietnamese and in
English."""

import datetime as dt
import re

import pytest
from django.template import Context, engines
from django.urls import reverse

from giaoban.template_loaders import without_indentation
from meetings.models import Conclusion, Directive, Report
from organizations.models import RoleKind
from tests.factories import make_meeting, make_role, make_user
from tests.tracking.test_form_rows import committee_of, issued_meeting

# The content of tracking/report_form.html before (issue 19).
REPORT_FORM = """{% load i18n summaries form_rows tracking_tags meetings_tags submission %}
<nav aria-label="{% translate 'Breadcrumb' %}" class="d-print-none">
  <ol class="breadcrumb"><li class="breadcrumb-item"><a href="{% url 'meetings:list' %}">{% translate "Liaison meetings" %}</a></li><li class="breadcrumb-item"><a href="{{ meeting.get_absolute_url }}">{{ meeting.period.label }}</a></li><li class="breadcrumb-item active" aria-current="page">{{ organization_name }}</li></ol>
</nav>
<div class="page-header">
  <h1>{% translate "Report" %}: {{ organization_name }}</h1>
  <p class="lead">{{ meeting.display_title|capfirst }} · {{ meeting.committee.name }}{% if report.pk %} · <span class="status status-{{ report.status_key }}">{{ report.get_shown_status_display }}</span>{% endif %}</p>
  {% if deadline %}<p class="report-deadline{% if deadline.is_late %} late{% endif %}">{{ deadline.line }}{% if deadline.timeliness == "sent_late" %} · {{ deadline.label }}{% endif %}</p>{% endif %}
</div>
{% if report.is_locked %}<div class="alert alert-info">{% translate "This report has been accepted and is locked. To change its text, return it to draft from the meeting page; its proposals are answered in the register of proposals, without reopening it." %} <a href="{% url 'tracking:proposals' %}?committee={{ meeting.committee_id }}">{% translate "Register of proposals" %}</a></div>
{% else %}{% if report.is_returned %}<div class="alert alert-warning return-reason"><strong>{% translate "This report was returned to be corrected. Reason:" %}</strong> {{ report.return_reason|linebreaksbr }}</div>
{% endif %}{% if is_staff %}<p class="d-print-none"><a href="{% url 'tracking:proposals' %}?committee={{ meeting.committee_id }}">{% translate "Register of proposals" %}</a></p>{% endif %}{% endif %}
<form method="post" novalidate class="entry-form">
  {% csrf_token %}{% submission_token %}
  {% widget form.version %}{% error_summary form followups proposals %}
  {% url 'meetings:report_draft' meeting.pk organization.pk as draft_url %}{% include "meetings/_draft_notice.html" %}
  {% include "meetings/_conflict.html" %}

  <div class="card mb-3"><div class="card-body">
    {% field form.results %}
    {% field form.shortcomings %}
    {% field form.difficulties %}
    {% field form.next_tasks %}
    {% if form.sent_on %}{% field form.sent_on %}{% endif %}
  </div></div>
  {% hidden_fields followups.management_form %}
  {% if followup_rows %}
  <div class="card mb-3"><div class="card-body">
    <h2 class="h5 card-title">{% translate "Results of the previous conclusions" %}</h2>
    <p class="text-body-secondary small">{% translate "The directives given to this organization that are not finished yet. Say what was done; leave “no change” for the others." %}</p>
    {% follow_up_rows followup_rows today %}
  </div></div>
  {% endif %}
  {% if previous_proposals %}
  <div class="card mb-3"><div class="card-body">
    <h2 class="h5 card-title">{% translate "Answers to the proposals of the previous meeting" %}</h2>
    <ol class="proposals mb-0">
      {% for p in previous_proposals %}
      <li>{{ p.text|linebreaksbr }} <div class="small">{% proposal_answer p %}</div></li>
      {% endfor %}
    </ol>
  </div></div>
  {% endif %}
  <div class="card mb-3"><div class="card-body" data-formset="proposals">
    <h2 class="h5 card-title">{% translate "Proposals" %}</h2>
    <p class="text-body-secondary small">{% translate "One proposal per item, with whom it is addressed to." %}</p>
    {% hidden_fields proposals.management_form %}

    <div data-formset-rows>
      {% proposal_rows proposals.forms %}
    </div>
    <template data-formset-template>{% proposal_rows proposals.empty_form|as_list %}</template>
    <button type="button" class="btn btn-sm btn-outline-primary" data-formset-add>{% translate "Add a proposal" %}</button>
  </div></div>
  <div class="d-flex flex-wrap gap-2 form-actions">
    <button type="submit" name="save" class="btn btn-outline-primary" data-once>{% translate "Save draft" %}</button>
    {% if report.status != "accepted" %}<button type="submit" name="submit" class="btn btn-primary" data-once>{% translate "Save and submit" %}</button>{% endif %}
    <a class="btn btn-link" href="{{ meeting.get_absolute_url }}">{% translate "Cancel" %}</a>
    {% include "meetings/_draft_status.html" %}
  </div>
</form>
"""  # noqa: E501

# The content of meetings/conclusion_form.html before (issue 19), with the new directives
# before the earlier ones, folded (issue 18).
CONCLUSION_FORM = """{% load i18n summaries form_rows meetings_tags submission tracking_tags %}
<nav aria-label="{% translate 'Breadcrumb' %}" class="d-print-none">
  <ol class="breadcrumb"><li class="breadcrumb-item"><a href="{% url 'meetings:list' %}">{% translate "Liaison meetings" %}</a></li><li class="breadcrumb-item"><a href="{{ meeting.get_absolute_url }}">{{ meeting.period.label }}</a></li><li class="breadcrumb-item active" aria-current="page">{% translate "Conclusion" %}</li></ol>
</nav>
<div class="page-header">
  <h1>{% translate "Conclusion" %}</h1>
  <p class="lead">{{ meeting.display_title|capfirst }} · {{ meeting.committee.name }}{% if meeting.chair_name %} · {% translate "Chair" %}: {{ meeting.chair_name }}{% endif %}</p>
</div>
<form method="post" novalidate class="entry-form">
  {% csrf_token %}{% submission_token %}
  {% widget form.version %}{% error_summary form previous_forms directives %}
  {% url 'meetings:conclusion_draft' meeting.pk as draft_url %}{% include "meetings/_draft_notice.html" %}
  {% include "meetings/_conflict.html" %}

  <div class="card mb-3"><div class="card-body">
    <div class="row">
      <div class="col-md-4">{% field form.notice_number %}</div>
      <div class="col-md-4">{% field form.issued_on %}</div>
      <div class="col-md-4">{% field form.without_notice %}</div>
    </div>
    {% field form.assessment %}
    {% field form.shortcomings %}
    {% field form.orientation %}
  </div></div>
  {% hidden_fields previous_forms.management_form %}
  <div class="card mb-3"><div class="card-body" data-formset="directives">
    <h2 class="h5 card-title">{% translate "Directives" %}</h2>
    <p class="text-body-secondary small">{% translate "Each task given by the conclusion, with the organization in charge. If no due date is given, it is due at the end of the chosen period (by default the next one)." %}</p>
    {% hidden_fields directives.management_form %}

    <div data-formset-rows>
      {% directive_rows directives.forms %}
    </div>
    <template data-formset-template>{% directive_rows directives.empty_form|as_list %}</template>
    <button type="button" class="btn btn-sm btn-outline-primary" data-formset-add>{% translate "Add a directive" %}</button>
  </div></div>
  {% if previous_rows %}
  <details class="card mb-3 earlier-directives" id="earlier"{% if earlier_open %} open{% endif %}>
    <summary class="card-header"><h2 class="h5 d-inline">{% translate "Unfinished directives of earlier conclusions" %} ({{ previous_rows|length }})</h2>
    <span class="small text-body-secondary" data-earlier-marked="{% blocktranslate with count='%(count)s' %}{{ count }} marked to carry over or close{% endblocktranslate %}">— {% blocktranslate with count=earlier_marked %}{{ count }} marked to carry over or close{% endblocktranslate %}</span></summary>
    <div class="card-body">
    <p class="text-body-secondary small">{% translate "Carry a directive over to give it again in this conclusion (the link to where it started is kept), or close it." %} {% if conclusion.status != "issued" %}{% translate "While the conclusion is a draft the choice is only kept: the earlier directive changes when the conclusion is issued." %}{% endif %}</p>
    {% earlier_directive_rows previous_rows %}
  </div></details>
  {% endif %}
  <div class="d-flex flex-wrap gap-2 form-actions">
    <button type="submit" class="btn btn-primary" data-once>{% translate "Save" %}</button>
    <a class="btn btn-link" href="{{ meeting.get_absolute_url }}">{% translate "Cancel" %}</a>
    {% include "meetings/_draft_status.html" %}
  </div>
</form>
"""  # noqa: E501

pytestmark = pytest.mark.usefixtures("no_page_cache")

TOKEN = re.compile(r'name="submission_token" value="[^"]*"')


def same_as_before(response, source: str, tag: str) -> str:
    """The page's content as the tag writes it, asserted to be what the template gave,
    and to be in the page."""
    assert response.status_code == 200
    values = response.context[0].flatten()
    values["request"] = response.wsgi_request
    theirs = engines["django"].from_string(without_indentation(source))
    ours = engines["django"].from_string("{% load tracking_tags %}{% " + tag + " %}")
    theirs = TOKEN.sub("T", theirs.template.render(Context(values)))
    ours = TOKEN.sub("T", ours.template.render(Context(values)))
    assert ours == theirs
    assert ours in TOKEN.sub("T", response.content.decode())
    return ours


@pytest.fixture
def pages(world):
    committee, organizations, client = committee_of(19)
    issued_meeting(committee, organizations, 3)
    Directive.objects.filter(position=2).update(text='Dòng một <b>\n"dòng" hai & ba', deadline=None)
    meeting = make_meeting(
        committee, "2024-Q2", held_on=dt.date(2024, 7, 15), chair_name="Đ/c <Chủ trì> & “A”"
    )
    reporter = make_user("baocao19", "Người báo cáo")
    make_role(reporter, committee, RoleKind.REPORTER, organizations[0])
    return meeting, organizations, client, reporter


def report_url(meeting, organization) -> str:
    return reverse("reports:edit", args=[meeting.pk, organization.pk])


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_report_form_is_the_template(pages, language):
    meeting, organizations, client, reporter = pages
    client.post(reverse("set_language"), {"language": language})
    url = report_url(meeting, organizations[0])
    # No report yet; then a draft with a proposal; then sent back with errors.
    same_as_before(client.get(url), REPORT_FORM, "report_form_page")
    Report.objects.create(
        meeting=meeting,
        organization=organizations[0],
        results="<p>Đã <strong>làm</strong> &amp; “xong”</p>",
    )
    opened = client.get(url)
    same_as_before(opened, REPORT_FORM, "report_form_page")
    sent_back = client.post(
        url,
        {
            "results": "",
            "followup-TOTAL_FORMS": "3",
            "followup-INITIAL_FORMS": "3",
            **{
                f"followup-{n}-assignment": str(part.pk)
                for n, (_form, part) in enumerate(opened.context["followup_rows"])
            },
            "followup-0-progress": "done",
            "followup-0-completed_on": "2999-01-01",
            "proposals-TOTAL_FORMS": "2",
            "proposals-INITIAL_FORMS": "0",
            "proposals-0-text": "",
            "proposals-0-addressed_to": "Sở <X>",
            "proposals-1-text": "Đề nghị & “B”",
        },
    )
    content = same_as_before(sent_back, REPORT_FORM, "report_form_page")
    assert "invalid-feedback" in content


def test_the_report_form_of_a_reporter_and_a_locked_report(pages):
    meeting, organizations, client, reporter = pages
    from django.test import Client

    theirs = Client()
    theirs.force_login(reporter)
    url = report_url(meeting, organizations[0])
    same_as_before(theirs.get(url), REPORT_FORM, "report_form_page")
    Report.objects.create(meeting=meeting, organization=organizations[0], status="accepted")
    content = same_as_before(client.get(url), REPORT_FORM, "report_form_page")
    assert 'class="alert alert-info"' in content
    # Without earlier proposals nor open parts: another organization.
    same_as_before(
        client.get(report_url(meeting, organizations[3])), REPORT_FORM, "report_form_page"
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_conclusion_form_is_the_template(pages, language):
    meeting, organizations, client, reporter = pages
    client.post(reverse("set_language"), {"language": language})
    url = reverse("conclusions:edit", args=[meeting.pk])
    same_as_before(client.get(url), CONCLUSION_FORM, "conclusion_form_page")
    conclusion = Conclusion.objects.create(meeting=meeting, assessment="<p>Tốt</p>")
    Directive.objects.create(conclusion=conclusion, position=1, text="Nhiệm vụ <mới>")
    opened = client.get(url)
    same_as_before(opened, CONCLUSION_FORM, "conclusion_form_page")
    sent_back = client.post(
        url,
        {
            "issued_on": "nonsense",
            "directives-TOTAL_FORMS": "2",
            "directives-INITIAL_FORMS": "0",
            "directives-0-text": "",
            "directives-0-due_date": "bad",
            "directives-1-text": "Làm <ngay>",
            "previous-TOTAL_FORMS": "0",
            "previous-INITIAL_FORMS": "0",
        },
    )
    content = same_as_before(sent_back, CONCLUSION_FORM, "conclusion_form_page")
    assert "invalid-feedback" in content
    Conclusion.objects.filter(pk=conclusion.pk).update(status="issued")
    same_as_before(client.get(url), CONCLUSION_FORM, "conclusion_form_page")
