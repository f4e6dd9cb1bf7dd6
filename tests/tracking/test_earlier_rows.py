"""The rows about earlier directives on the report and conclusion forms, written in
Python (tracking/earlier_rows.py), are the markup their template loops gave, character
for character: with and without a deadline, text over several lines with characters to
escape, several assignees, in Vietnamese and in English, opened and sent back."""

import datetime as dt

from django.template import Context, engines
from django.urls import reverse

from giaoban.fieldhtml import OptionLists
from giaoban.template_loaders import without_indentation
from meetings.models import Directive
from tests.factories import make_meeting
from tests.tracking.test_form_rows import committee_of, issued_meeting
from tracking.earlier_rows import earlier_directive_rows, follow_up_rows

# The loops as report_form.html and conclusion_form.html wrote them (issue 19).
FOLLOW_UP_ROWS = """{% load i18n form_rows tracking_tags %}
    {% for form, part in followup_rows %}
    <div class="formset-row followup">
      {% widget form.assignment %}{% widget form.version %}
      <p class="mb-1">{{ part.directive.text|linebreaksbr }}</p>
      <p class="small text-body-secondary mb-2">{% blocktranslate with period=part.directive.conclusion.meeting.period.label %}Given at the meeting of {{ period }}{% endblocktranslate %}{% if part.directive.deadline %} · {% translate "due" %} {{ part.directive.deadline|date:"SHORT_DATE_FORMAT" }}{% endif %} · {% with status=part|status_on:today %}<span class="status status-{{ status.value }}">{{ status.label }}</span>{% endwith %}</p>
      <div class="row">
        <div class="col-md-4">{% field form.progress %}</div>
        <div class="col-md-3">{% field form.completed_on %}</div>
        <div class="col-md-5">{% field form.note %}</div>
      </div>
    </div>
    {% endfor %}
"""  # noqa: E501

EARLIER_DIRECTIVE_ROWS = """{% load i18n form_rows %}
    {% for row, directive in previous_rows %}
    <div class="formset-row">
      {% widget row.directive %}
      <p class="mb-1">{{ directive.text|linebreaksbr }}</p>
      <p class="small text-body-secondary mb-2">{% blocktranslate with period=directive.conclusion.meeting.period.label %}Given at the meeting of {{ period }}{% endblocktranslate %}{% if directive.deadline %} · {% translate "due" %} {{ directive.deadline|date:"SHORT_DATE_FORMAT" }}{% endif %} · {% for a in directive.assignments.all %}{{ a.organization.name }}{% if not forloop.last %}, {% endif %}{% endfor %}</p>
      <div class="col-md-6">{% field row.action %}</div>
    </div>
    {% endfor %}
"""  # noqa: E501


def as_the_template(source: str, context: dict) -> str:
    template = engines["django"].from_string(without_indentation(source))
    # The loop's own lines: the writers give what is between the lines around it.
    return template.template.render(Context(context))[1:-1]


def test_follow_up_and_earlier_directive_rows_are_the_template_loops(world):
    committee, organizations, client = committee_of(7)
    issued_meeting(committee, organizations, 3)
    Directive.objects.filter(position=2).update(text='Dòng một <b>\n"dòng" hai & ba', deadline=None)
    meeting = make_meeting(committee, "2024-Q2", held_on=dt.date(2024, 7, 15))
    report_url = reverse("reports:edit", args=[meeting.pk, organizations[0].pk])
    conclusion_url = reverse("conclusions:edit", args=[meeting.pk])
    for language in ("vi", "en"):
        client.post(reverse("set_language"), {"language": language})
        opened = client.get(report_url).context
        sent_back = client.post(
            report_url,
            {
                "results": "",
                "followup-TOTAL_FORMS": "3",
                "followup-INITIAL_FORMS": "3",
                **{
                    f"followup-{n}-assignment": str(part.pk)
                    for n, (_form, part) in enumerate(opened["followup_rows"])
                },
                "followup-0-progress": "done",
                "followup-0-completed_on": "2999-01-01",
                "followup-1-note": "Đã <làm>",
                "proposals-TOTAL_FORMS": "0",
                "proposals-INITIAL_FORMS": "0",
            },
        ).context
        for context in (opened, sent_back):
            rows, today = context["followup_rows"], context["today"]
            assert len(rows) == 3
            ours = follow_up_rows(rows, today, OptionLists())
            assert ours == as_the_template(FOLLOW_UP_ROWS, {"followup_rows": rows, "today": today})
        assert "is-invalid" in follow_up_rows(sent_back["followup_rows"], today, OptionLists())

        rows = client.get(conclusion_url).context["previous_rows"]
        assert len(rows) == 3
        ours = earlier_directive_rows(rows, OptionLists())
        # The template read the directives themselves; the page reads plain values.
        directives = Directive.objects.select_related("conclusion__meeting").in_bulk(
            [row.pk for _form, row in rows]
        )
        whole = [(form, directives[row.pk]) for form, row in rows]
        assert ours == as_the_template(EARLIER_DIRECTIVE_ROWS, {"previous_rows": whole})
        assert "&lt;b&gt;<br>&quot;dòng&quot;" in ours
