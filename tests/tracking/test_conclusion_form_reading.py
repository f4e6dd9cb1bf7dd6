"""The conclusion form for people who are not computer people (issue 18): the new
directives first and the earlier unfinished ones folded below them with their counts;
co-assignees as a list of checkboxes; empty choices reading "— Chọn —"; dates typed day
first (19/4/2024), shown back as the app writes them, refused in Vietnamese when they
are not dates, with everything else typed kept."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import Directive
from tests.factories import make_meeting
from tests.tracking.test_form_rows import (
    committee_of,
    conclusion_post,
    directive_row,
    issued_meeting,
)
from tracking.models import DirectiveAssignment

pytestmark = pytest.mark.usefixtures("no_page_cache")

DATE_ERROR = "Ghi ngày theo dạng ngày/tháng/năm, ví dụ 19/4/2024."


@pytest.fixture
def page(world):
    """A committee whose quý I/2024 conclusion left 3 directives unfinished, and its
    quý II/2024 meeting, held on 15/7/2024, whose conclusion staff are to write."""
    committee, organizations, client = committee_of(18)
    issued_meeting(committee, organizations, 3)
    meeting = make_meeting(committee, "2024-Q2", held_on=dt.date(2024, 7, 15))
    url = reverse("conclusions:edit", args=[meeting.pk])
    return meeting, organizations, client, url


def earlier_choices(**actions) -> dict:
    """The earlier directives (by position) and what the conclusion does with them."""
    earlier = list(Directive.objects.filter(conclusion__status="issued").order_by("position"))
    data = {"previous-TOTAL_FORMS": str(len(earlier)), "previous-INITIAL_FORMS": str(len(earlier))}
    for index, directive in enumerate(earlier):
        data[f"previous-{index}-directive"] = directive.pk
        data[f"previous-{index}-action"] = actions.get(f"d{directive.position}", "")
    return data


def test_new_directives_come_first_and_the_earlier_ones_are_folded_with_counts(page):
    meeting, organizations, client, url = page
    html = client.get(url).content.decode()
    new = html.index('data-formset="directives"')
    folded = html.index('<details class="card mb-3 earlier-directives" id="earlier">')
    assert new < folded
    summary = html[folded : html.index("</summary>", folded)]
    assert "Nhiệm vụ của các kết luận trước chưa hoàn thành (3)" in summary
    assert "0 nhiệm vụ đã đánh dấu" in summary
    # The earlier rows are inside the fold.
    assert html.index('name="previous-0-action"') > folded
    assert html.index('name="previous-0-action"') < html.index("</details>")

    # Sent back for another field's error: the choices made are counted, the fold stays
    # closed; one refused earlier row opens it.
    rows = [directive_row(0, "Nhiệm vụ mới", None, [])]
    refused = client.post(url, conclusion_post(rows, **earlier_choices(d1="close", d2="carry")))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert '<details class="card mb-3 earlier-directives" id="earlier">' in html
    assert "2 nhiệm vụ đã đánh dấu" in html
    lead = organizations[0]
    rows = [directive_row(0, "Nhiệm vụ mới", lead, [])]
    refused = client.post(url, conclusion_post(rows, **earlier_choices(d1="close", d3="bogus")))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert '<details class="card mb-3 earlier-directives" id="earlier" open>' in html
    assert "1 nhiệm vụ đã đánh dấu" in html


def test_co_assignees_are_checkboxes_and_two_checked_are_both_saved(page):
    meeting, organizations, client, url = page
    html = client.get(url).content.decode()
    assert "<select" in html  # the lead and the period
    assert "multiple" not in html
    assert 'type="checkbox" name="directives-__prefix__-co_assignees"' in html
    assert 'data-choice-filter hidden aria-label="Lọc danh sách"' in html
    # The full names, each beside its box.
    assert f">{organizations[3].name}</label>" in html

    lead, first, second = organizations[0], organizations[2], organizations[3]
    rows = [directive_row(0, "Phối hợp hai đơn vị", lead, [first, second])]
    response = client.post(url, conclusion_post(rows, **earlier_choices()))
    assert response.status_code == 302
    directive = Directive.objects.get(text="Phối hợp hai đơn vị")
    given = DirectiveAssignment.objects.filter(directive=directive)
    assert sorted((a.organization_id, a.is_lead) for a in given) == sorted(
        [(lead.pk, True), (first.pk, False), (second.pk, False)]
    )
    html = client.get(url).content.decode()
    assert html.count(" checked>") == 2


def test_empty_choices_read_choose_on_the_conclusion_report_and_meeting_forms(page):
    meeting, organizations, client, url = page
    report_url = reverse("reports:edit", args=[meeting.pk, organizations[0].pk])
    for address in (url, report_url, reverse("meetings:create"), meeting.get_absolute_url()):
        response = client.get(address)
        assert response.status_code == 200, address
        html = response.content.decode()
        assert "---------" not in html, address
    assert '<option value="">— Chọn —</option>' in client.get(url).content.decode()


def test_django_s_empty_choices_read_choose_in_forms_rendered_by_templates(world):
    """ModelChoiceField's empty_label and a model's BLANK_CHOICE_DASH, rendered by Django's
    widget templates (templates/django/forms/widgets/select_option.html) and by crispy."""
    from django import forms
    from django.template import Context, Template

    from organizations.models import Organization

    class Form(forms.Form):
        organization = forms.ModelChoiceField(queryset=Organization.objects.all())
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])

    form = Form()
    html = str(form) + Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(
        Context({"form": form})
    )
    assert "---------" not in html
    assert html.count('<option value="" selected>— Chọn —</option>') == 4


@pytest.mark.parametrize("typed", ["19/4/2024", "19/04/2024", "2024-04-19"])
def test_a_date_typed_day_first_is_saved_and_shown_back_as_the_app_writes_it(typed, world):
    committee, organizations, client = committee_of(18)
    meeting = make_meeting(committee, "2024-Q1", held_on=dt.date(2024, 4, 1))
    url = reverse("conclusions:edit", args=[meeting.pk])
    rows = [directive_row(0, "Nhiệm vụ có hạn", organizations[0], [], due_date=typed)]
    response = client.post(url, conclusion_post(rows))
    assert response.status_code == 302
    assert Directive.objects.get(text="Nhiệm vụ có hạn").due_date == dt.date(2024, 4, 19)
    html = client.get(url).content.decode()
    assert 'name="directives-0-due_date" value="19/4/2024"' in html
    assert 'placeholder="ngày/tháng/năm"' in html
    assert 'type="date"' not in html


def test_a_bad_date_is_refused_in_vietnamese_and_the_typed_text_kept(page):
    meeting, organizations, client, url = page
    rows = [
        directive_row(0, "Nhiệm vụ <một> & “hai”", organizations[0], [organizations[2]]),
        directive_row(1, "Nhiệm vụ ngày sai", organizations[1], [], due_date="31/2/2024"),
    ]
    response = client.post(url, conclusion_post(rows, issued_on="19/13/2024"))
    assert response.status_code == 200
    assert not Directive.objects.filter(text__startswith="Nhiệm vụ ngày").exists()
    html = response.content.decode()
    # Next to each of the two fields, and again in the error summary at the top: days
    # that do not exist, said so (the shape was right).
    assert html.count("Không có ngày 31/2/2024 trong lịch") == 2
    assert html.count("Không có ngày 19/13/2024 trong lịch") == 2
    assert DATE_ERROR not in html
    assert 'value="31/2/2024"' in html and 'value="19/13/2024"' in html
    assert "Nhiệm vụ &lt;một&gt; &amp; “hai”</textarea>" in html
    assert "Nhiệm vụ ngày sai</textarea>" in html
    assert f'value="{organizations[2].pk}" class="form-check-input" id=' in html
    assert html.count(" checked>") == 1
