"""The directive and proposal rows of the conclusion and report forms, written in Python
(meetings/formset_rows.py), are the markup their templates gave, character for
character: rows opened, rows sent back with their errors, the empty row; for staff and
for reporters."""

import datetime as dt

import pytest
from django.template import Context, engines

from giaoban.fieldhtml import OptionLists
from giaoban.template_loaders import without_indentation
from meetings.forms import DirectiveFormSet, ProposalFormSet, assignable_organizations
from meetings.formset_rows import directive_rows, proposal_rows
from meetings.models import Conclusion, Directive, Report

# The rows as meetings/_directive_rows.html and _proposal_rows.html wrote them (issue 19),
# loaded as the project's loaders load a template (without its indentation).
DIRECTIVE_ROWS = """{% load i18n form_rows %}{% for form in forms %}
<div class="formset-row" data-formset-row>
  {% hidden_fields form %}
  {% if form.non_field_errors %}<div class="alert alert-danger py-1">{{ form.non_field_errors|join:" " }}</div>{% endif %}
  {% field form.text %}
  <div class="row">
    <div class="col-md-4">{% field form.lead %}</div>
    <div class="col-md-4">{% field form.co_assignees %}</div>
    <div class="col-md-4">{% field form.to_all_organizations %}</div>
    <div class="col-md-4">{% field form.group_name %}</div>
    <div class="col-6 col-md-4">{% field form.due_date %}</div>
    <div class="col-6 col-md-4">{% field form.due_period %}</div>
  </div>
  <div class="d-none">{% widget form.DELETE %}</div>
  <button type="button" class="btn btn-sm btn-outline-danger" data-formset-remove>{% translate "Remove this directive" %}</button>
</div>{% endfor %}
"""  # noqa: E501

PROPOSAL_ROWS = """{% load i18n form_rows %}{% for form in forms %}
<div class="formset-row" data-formset-row>
  {% hidden_fields form %}
  <div class="row">
    <div class="col-lg-8">{% field form.text %}</div>
    <div class="col-lg-4">{% field form.addressed_to %}</div>
    {% if "disposition" in form.fields %}
    <div class="col-md-4">{% field form.disposition %}</div>
    <div class="col-md-4">{% field form.referred_to %}</div>
    <div class="col-12">{% field form.response %}</div>
    {% endif %}
  </div>
  <div class="d-none">{% widget form.DELETE %}</div>
  <button type="button" class="btn btn-sm btn-outline-danger" data-formset-remove>{% translate "Remove this proposal" %}</button>
</div>{% endfor %}
"""  # noqa: E501


def as_the_template(source: str, forms) -> str:
    template = engines["django"].from_string(without_indentation(source))
    return template.template.render(Context({"forms": forms}))


def assert_written_as_the_template(writer, source, forms):
    forms = list(forms)
    assert writer(forms, OptionLists()) == as_the_template(source, forms)


def directive_formset(meeting, conclusion, data=None):
    return DirectiveFormSet(
        data,
        instance=conclusion,
        prefix="directives",
        meeting=meeting,
        organizations=assignable_organizations(meeting),
        queryset=Directive.objects.filter(conclusion=conclusion).order_by("position"),
    )


def test_directive_rows(world, meeting, dan_van):
    conclusion = Conclusion.objects.create(meeting=meeting)
    Directive.objects.create(
        conclusion=conclusion,
        position=1,
        text="Nhiệm vụ \"một\" <b> & 'c'",
        to_all_organizations=True,
        due_period_year=2024,
        due_period_kind="Q3",
    )
    saved = Directive.objects.create(
        conclusion=conclusion, position=2, text="Hai", due_date=dt.date(2024, 9, 30)
    )
    saved.assignments.create(organization=dan_van, is_lead=True)
    saved.assignments.create(organization=world.front, is_lead=False)
    opened = directive_formset(meeting, conclusion)
    assert_written_as_the_template(directive_rows, DIRECTIVE_ROWS, opened.forms)
    assert_written_as_the_template(directive_rows, DIRECTIVE_ROWS, [opened.empty_form])

    refused = directive_formset(
        meeting,
        conclusion,
        {
            "directives-TOTAL_FORMS": "3",
            "directives-INITIAL_FORMS": "1",
            "directives-0-id": str(saved.pk),
            "directives-0-conclusion": str(conclusion.pk),
            "directives-0-text": "Sửa <lại> & thêm",
            "directives-0-lead": str(world.farmers.pk),
            "directives-0-co_assignees": [str(world.front.pk), str(dan_van.pk)],
            "directives-0-DELETE": "on",
            "directives-1-text": "",
            "directives-1-due_date": "2020-01-01",
            "directives-2-text": "Không có đơn vị",
            "directives-2-lead": "999999",
            "directives-2-due_period": "not-a-period",
        },
    )
    assert not refused.is_valid()
    refused.forms[1].add_error(None, "Một lỗi <chung> & khác")
    assert_written_as_the_template(directive_rows, DIRECTIVE_ROWS, refused.forms)
    assert_written_as_the_template(directive_rows, DIRECTIVE_ROWS, [])


@pytest.mark.parametrize("can_answer", [False, True])
def test_proposal_rows(world, meeting, can_answer):
    report = Report.objects.create(meeting=meeting, organization=world.front)
    report.proposals.create(position=1, text="Kiến nghị <một>", addressed_to="Tỉnh ủy")
    report.proposals.create(
        position=2, text="Hai", addressed_to="", disposition="answered", response="Đã <trả lời>"
    )
    opened = ProposalFormSet(instance=report, prefix="proposals", can_answer=can_answer)
    assert_written_as_the_template(proposal_rows, PROPOSAL_ROWS, opened.forms)
    assert_written_as_the_template(proposal_rows, PROPOSAL_ROWS, [opened.empty_form])

    refused = ProposalFormSet(
        {
            "proposals-TOTAL_FORMS": "2",
            "proposals-INITIAL_FORMS": "0",
            "proposals-0-text": "",
            "proposals-0-addressed_to": "x" * 300,
            "proposals-0-disposition": "referred",
            "proposals-1-text": "Kiến nghị & đề xuất",
            "proposals-1-disposition": "answered",
        },
        instance=report,
        prefix="proposals",
        can_answer=can_answer,
    )
    assert not refused.is_valid()
    assert_written_as_the_template(proposal_rows, PROPOSAL_ROWS, refused.forms)
