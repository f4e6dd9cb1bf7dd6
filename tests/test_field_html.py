"""The rows of the conclusion and report forms are written in Python (giaoban/fieldhtml.py)
with the markup crispy-forms and Django's widget templates gave them: the same names,
ids, values, labels, required markers, help texts, errors and aria attributes, field by
field, for new, saved, empty and refused rows."""

import datetime as dt
import html
import re

import pytest
from django.forms import CheckboxSelectMultiple
from django.template import Context, Template

from giaoban import fieldhtml
from giaoban.fieldhtml import OptionLists, field_html, widget_html
from meetings.forms import DirectiveFormSet, ProposalFormSet, assignable_organizations
from meetings.formset_rows import directive_rows, proposal_rows
from meetings.models import Conclusion, Directive, Report
from tests.factories import make_meeting, make_organization
from tracking.forms import FollowUpFormSet, PreviousDirectiveFormSet

CRISPY = Template("{% load crispy_forms_tags %}{{ field|as_crispy_field }}")


def assert_same_markup(forms, options=None):
    """Each field of each form as before: crispy for the visible ones, Django's widget for
    the hidden ones and the removal box."""
    options = options or OptionLists()
    compared = 0
    for form in forms:
        for bf in form:
            if bf.is_hidden or bf.name == "DELETE":
                ours, theirs = widget_html(bf), str(bf)
            elif isinstance(bf.field.widget, CheckboxSelectMultiple):
                assert_same_checkboxes(field_html(bf, options=options), bf)
                compared += 1
                continue
            else:
                # Ours first: crispy sets its classes on the widget itself.
                ours = field_html(bf, options=options)
                theirs = CRISPY.render(Context({"field": bf}))
            assert_html_equal(ours, theirs, bf.html_name)
            compared += 1
    assert compared


CHECKBOX = re.compile(
    r'<input type="checkbox" name="([^"]*)" value="([^"]*)" class="[^"]*" id="([^"]*)"'
    r'( checked)?><label class="form-check-label" for="([^"]*)">([^<]*)</label>'
)


def assert_same_checkboxes(ours, bf):
    """A list of checkboxes (issue 18: no longer crispy's select box) gives Django's own
    checkboxes: the same names, values, ids, checked boxes and labels, under a legend
    with the field's label, with its errors."""
    written = [
        (name, value, box_id, bool(checked), html.unescape(label))
        for name, value, box_id, checked, label_for, label in CHECKBOX.findall(ours)
        if box_id == label_for
    ]
    django = [
        (
            box.data["name"],
            str(box.data["value"]),
            box.data["attrs"]["id"],
            bool(box.data["selected"]),
            str(box.data["label"]),
        )
        for box in bf.subwidgets
    ]
    assert written == django, f"{bf.html_name}:\n{ours}"
    assert f'<legend class="form-label fs-6">{html.escape(str(bf.label))}</legend>' in ours
    assert "data-choice-filter hidden" in ours
    for error in bf.errors:
        assert html.escape(error) in ours


def assert_html_equal(ours, theirs, name):
    from django.test.html import parse_html

    assert parse_html(ours) == parse_html(theirs), f"{name}:\n{ours}\n---\n{theirs}"


def directive_formset(meeting, data=None, conclusion=None):
    conclusion = conclusion or Conclusion(meeting=meeting)
    return DirectiveFormSet(
        data,
        instance=conclusion,
        prefix="directives",
        meeting=meeting,
        organizations=assignable_organizations(meeting),
        queryset=Directive.objects.filter(conclusion=conclusion if conclusion.pk else None),
    )


def test_directive_rows_new_saved_empty_and_refused(world, meeting, dan_van):
    conclusion = Conclusion.objects.create(meeting=meeting)
    saved = Directive.objects.create(
        conclusion=conclusion, position=1, text='Nhiệm vụ "một" <b>', due_date=dt.date(2024, 9, 30)
    )
    saved.assignments.create(organization=dan_van, is_lead=True)
    saved.assignments.create(organization=world.front, is_lead=False)
    opened = directive_formset(meeting, conclusion=conclusion)
    assert_same_markup([*opened.forms, opened.empty_form])

    refused = directive_formset(
        meeting,
        {
            "directives-TOTAL_FORMS": "3",
            "directives-INITIAL_FORMS": "1",
            "directives-0-id": str(saved.pk),
            "directives-0-conclusion": str(conclusion.pk),
            "directives-0-text": "Sửa <lại> & thêm",
            "directives-0-lead": str(world.farmers.pk),
            "directives-0-co_assignees": [str(world.front.pk), str(dan_van.pk)],
            "directives-0-due_period": "2024-Q3",
            "directives-0-DELETE": "on",
            "directives-1-text": "",
            "directives-1-lead": "",
            "directives-1-due_date": "2020-01-01",
            "directives-1-to_all_organizations": "on",
            "directives-2-text": "Không có đơn vị",
            "directives-2-lead": "999999",
            "directives-2-due_period": "not-a-period",
        },
        conclusion=conclusion,
    )
    assert not refused.is_valid()
    assert refused.forms[1].errors and refused.forms[2].errors
    assert_same_markup([*refused.forms, refused.empty_form])


@pytest.mark.parametrize("can_answer", [False, True])
def test_proposal_rows(world, meeting, can_answer):
    report = Report.objects.create(meeting=meeting, organization=world.front)
    report.proposals.create(position=1, text="Kiến nghị <một>", addressed_to="Tỉnh ủy")
    opened = ProposalFormSet(instance=report, prefix="proposals", can_answer=can_answer)
    assert_same_markup([*opened.forms, opened.empty_form])

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
    assert_same_markup(refused.forms)


def test_follow_up_and_earlier_directive_rows(world):
    make_meeting(world.lam_giang, "2024-Q2")
    followups = FollowUpFormSet(
        {
            "followup-TOTAL_FORMS": "2",
            "followup-INITIAL_FORMS": "2",
            "followup-0-assignment": "1",
            "followup-0-version": "3",
            "followup-0-progress": "done",
            "followup-0-completed_on": "2999-01-01",
            "followup-0-note": "Đã <làm>",
            "followup-1-assignment": "2",
            "followup-1-progress": "bogus",
        },
        prefix="followup",
    )
    assert not followups.is_valid()
    assert_same_markup(followups.forms)
    opened = FollowUpFormSet(prefix="followup", initial=[{"assignment": 1, "version": 0}])
    assert_same_markup(opened.forms)
    previous = PreviousDirectiveFormSet(
        prefix="previous", initial=[{"directive": 4, "action": "carry"}, {"directive": 5}]
    )
    assert_same_markup(previous.forms)


class DirectivesWithOwnFields(DirectiveFormSet):
    """Django's way: every row copies its own fields."""

    def get_form_kwargs(self, index):
        return {k: v for k, v in super().get_form_kwargs(index).items() if k != "shared_fields"}


class ProposalsWithOwnFields(ProposalFormSet):
    def get_form_kwargs(self, index):
        return {k: v for k, v in super().get_form_kwargs(index).items() if k != "shared_fields"}


def opened_directives(meeting, conclusion) -> dict:
    """What a directive formset of ``conclusion``'s rows, only opened, is made with."""
    return {
        "instance": conclusion,
        "prefix": "directives",
        "meeting": meeting,
        "organizations": assignable_organizations(meeting),
        "queryset": Directive.objects.filter(conclusion=conclusion).order_by("position"),
    }


def rows_html(forms) -> str:
    return directive_rows(forms, OptionLists())


def test_opened_rows_share_their_fields_and_are_written_as_rows_of_their_own(
    world, meeting, dan_van
):
    """On a page only opened, the rows of a formset share one set of fields (Django copies
    them for every row) and each field is written from a plan made once: the same HTML,
    character for character, as rows with fields of their own."""
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
    kwargs = opened_directives(meeting, conclusion)
    shared, own = DirectiveFormSet(**kwargs), DirectivesWithOwnFields(**kwargs)

    first, second = shared.forms
    assert first.fields["lead"] is second.fields["lead"]
    assert own.forms[0].fields["lead"] is not own.forms[1].fields["lead"]
    html = rows_html(shared.forms)
    assert html == rows_html(own.forms)
    assert "checked" in html and "&quot;một&quot; &lt;b&gt;" in html
    assert shared.forms[0].base_fields.plans  # written from plans
    assert shared.forms[0].base_fields.plans["co_assignees"]  # the checkboxes too
    # Made without BaseModelForm.__init__ (the shared fields had their limit_choices_to
    # applied by the empty row) nor BaseForm.__init__ (SharedFieldsForm._shown_row): each
    # row as Django makes it, every attribute alike.
    for ours, theirs in zip(shared.forms, own.forms, strict=True):
        # (A shared row's key is its initial value: SharedFieldsFormSet.add_fields.)
        assert ours.initial == {**theirs.initial, "id": theirs.instance.pk}
        assert not ours.errors and not ours.non_field_errors() and not theirs.errors
        own_fields = {"fields", "base_fields", "initial", "_bound_fields_cache"}
        assert vars(ours).keys() - own_fields == vars(theirs).keys() - own_fields
        for name in vars(theirs).keys() - own_fields:
            assert getattr(ours, name) == getattr(theirs, name), name
        assert ours.fields.keys() == theirs.fields.keys()
        assert ours.renderer is theirs.renderer


def test_rows_made_the_short_way_only_when_nothing_else_makes_them():
    from django import forms

    from giaoban.forms import SharedFieldsForm, plain_model_form
    from meetings.forms import DirectiveForm, ProposalForm
    from tracking.forms import PreviousDirectiveForm

    class Own(forms.ModelForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)

    class WithOwnInit(SharedFieldsForm, Own):
        class Meta:
            model = Directive
            fields = ["text"]

    class OwnOrder(SharedFieldsForm, forms.ModelForm):
        class Meta:
            model = Directive
            fields = ["text"]

        def order_fields(self, field_order):
            super().order_fields(field_order)

    assert plain_model_form(DirectiveForm) and plain_model_form(ProposalForm)
    assert not plain_model_form(PreviousDirectiveForm)  # not a model form
    assert not plain_model_form(WithOwnInit)
    assert not plain_model_form(OwnOrder)  # made by BaseForm.__init__, which orders them


@pytest.mark.parametrize("can_answer", [False, True])
def test_opened_proposal_rows_share_their_fields(world, meeting, can_answer, monkeypatch):
    report = Report.objects.create(meeting=meeting, organization=world.front)
    report.proposals.create(position=1, text="Kiến nghị <một>", addressed_to="Tỉnh ủy")
    report.proposals.create(
        position=2, text="Hai", addressed_to="", disposition="answered", response="Đã <trả lời>"
    )
    for position in range(3, 11):  # enough rows to be filled into a skeleton
        report.proposals.create(position=position, text=f"Kiến nghị {{{position}}}")
    kwargs = {"instance": report, "prefix": "proposals", "can_answer": can_answer}
    shared, own = ProposalFormSet(**kwargs), ProposalsWithOwnFields(**kwargs)

    assert shared.forms[0].fields["text"] is shared.forms[1].fields["text"]
    filled = []
    fill = fieldhtml.RowSkeleton.fill
    monkeypatch.setattr(
        fieldhtml.RowSkeleton,
        "fill",
        lambda self, form, options: filled.append(form.prefix) or fill(self, form, options),
    )
    html = proposal_rows(shared.forms, OptionLists())
    assert filled == [f"proposals-{n}" for n in range(10)]
    assert html == proposal_rows(own.forms, OptionLists())
    assert ("Đã &lt;trả lời&gt;" in html) == can_answer
    assert "Kiến nghị {10}" in html


# The filter's fields as board.html wrote them by hand before (issue 19).
HAND_LAID = Template(
    """{% load form_rows %}{% for bf in fields %}<div class="{{ bf.css }}"><label class="form-label" for="id_{{ bf.field.name }}">{{ bf.field.label }}</label>{% widget bf.field %}</div>{% endfor %}"""  # noqa: E501
)


def test_labelled_widgets_are_the_columns_laid_by_hand(world):
    from giaoban.fieldhtml import labelled_widgets
    from organizations.models import Organization
    from tracking.forms import BoardFilterForm, BulkUpdateForm
    from tracking.models import DirectiveAssignment

    organizations = Organization.objects.filter(committee=world.lam_giang)
    sent = {"q": 'một "<b>" & hai', "status": "overdue", "due_from": "2024-13-01"}
    for form in (
        BoardFilterForm(None, organizations=organizations, periods=[]),
        BoardFilterForm(sent, organizations=organizations, periods=[]),
        BulkUpdateForm({"note": "<i>ghi chú</i>"}, assignments=DirectiveAssignment.objects.all()),
    ):
        form.is_valid()
        columns = [(name, f"col-md-{index + 2}") for index, name in enumerate(form.fields)]
        columns = [(name, css) for name, css in columns if name != "selected"]
        theirs = HAND_LAID.render(
            Context({"fields": [{"field": form[name], "css": css} for name, css in columns]})
        )
        assert_html_equal(labelled_widgets(form, columns), theirs, type(form).__name__)


@pytest.mark.parametrize("name_mark", ["", "\ue000", "\ue0011\ue002"])
def test_rows_filled_into_a_skeleton_are_the_rows_written_one_by_one(
    world, meeting, dan_van, monkeypatch, name_mark
):
    """Rows that share their fields are filled into a skeleton written once (issue 19):
    every row, whatever its values (texts with braces and the skeleton's own marks, boxes
    checked or not, options chosen or not, dates or none), the same as rows with fields of
    their own. A label holding one of the marks is caught by the check against the first
    row: the rows are then written one by one, the same again."""
    marked = make_organization(
        world.lam_giang, f"Hội {name_mark}{{p}} Cựu chiến binh", kind="veterans"
    )
    conclusion = Conclusion.objects.create(meeting=meeting)
    texts = ["Một {p} {0}", "Hai \ue000 \ue0010\ue002 <b>", "Ba & 'c'", "", "Năm\r\ndòng"]
    # Enough rows to be filled into a skeleton (SKELETON_ROWS), each kind twice.
    for position, text in enumerate(texts * 2, start=1):
        kind = (position - 1) % len(texts) + 1
        directive = Directive.objects.create(
            conclusion=conclusion,
            position=position,
            text=text,
            to_all_organizations=kind == 3,
            due_date=dt.date(2024, 9, position) if kind % 2 else None,
            due_period_year=2024 if kind == 2 else None,
            due_period_kind="Q3" if kind == 2 else "",
        )
        if kind in (1, 4):
            directive.assignments.create(organization=dan_van, is_lead=True)
            directive.assignments.create(organization=world.front, is_lead=False)
        if kind == 5:
            directive.assignments.create(organization=world.farmers, is_lead=False)
            directive.assignments.create(organization=marked, is_lead=False)
    kwargs = opened_directives(meeting, conclusion)
    filled = []
    fill = fieldhtml.RowSkeleton.fill

    def counted(self, form, options):
        filled.append(form.prefix)
        return fill(self, form, options)

    monkeypatch.setattr(fieldhtml.RowSkeleton, "fill", counted)
    html = rows_html(DirectiveFormSet(**kwargs).forms)
    assert html == rows_html(DirectivesWithOwnFields(**kwargs).forms)
    assert f"Hội {name_mark}{{p}} Cựu chiến binh" in html
    assert "Một {p} {0}" in html and "Hai \ue000 \ue0010\ue002 &lt;b&gt;" in html
    assert html.count(" checked") == 10  # twice: two co-assignees, one to all, two of row 5
    assert fieldhtml.SKELETON_ROWS <= 10
    if name_mark:
        # The first row checked against the skeleton, which was then not used.
        assert filled == ["directives-0"]
    else:
        assert filled == [f"directives-{n}" for n in range(10)]
