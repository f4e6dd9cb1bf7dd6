from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from giaoban.forms import (
    CHOOSE,
    BootstrapMixin,
    DayFirstDateField,
    DayFirstDateInput,
    LoadedRowsFormSet,
    SharedChoices,
    SharedFieldsForm,
    SharedFieldsFormSet,
    fetch_choices,
)
from meetings import richtext
from meetings.concurrency import VersionedFormMixin
from meetings.models import (
    Conclusion,
    Directive,
    Disposition,
    Meeting,
    Proposal,
    Report,
    Statement,
)
from meetings.periods import Period, PeriodKind
from organizations.models import Organization

# Dates are typed day first, with a calendar to pick from (giaoban/forms.py).
DateInput = DayFirstDateInput


class RichText(forms.Textarea):
    """A textarea that the page's script turns into a small formatting editor."""

    stored = False  # whether it shows the stored text (``StoredRichTextMixin``)

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 6, "data-richtext": "1", **(attrs or {})})

    def format_value(self, value):
        # The editor loads this as HTML: hand it only sanitised markup, even when a form
        # comes back with an error and still holds what was pasted. Stored text was
        # cleaned when saved.
        if self.stored:
            return richtext.stored(value)
        return richtext.clean(value or "").html


class StoredRichTextMixin:
    """A model form whose rich text, when it is opened (not sent back), is the stored
    text of its instance: its editors are given it as it is, not cleaned again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # (Given ``initial=`` values, it shows them: cleaned, as what is sent back.)
        if not self.is_bound and not kwargs.get("initial"):
            for field in self.fields.values():
                if isinstance(field.widget, RichText):
                    field.widget.stored = True


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    committee = forms.ModelChoiceField(
        label=_("Party committee"),
        queryset=None,
        error_messages={
            "invalid_choice": _(
                "Choose a committee whose meetings you manage and that still exists: "
                "no new meeting can be created for a committee that has ceased to exist."
            )
        },
    )

    class Meta:
        model = Meeting
        fields = [
            "committee",
            "title",
            "period_kind",
            "period_year",
            "is_regular",
            "held_on",
            "reports_due_on",
            "held_day_unknown",
            "session",
            "place",
            "chair_name",
            "chair_title",
            "chair_on_behalf_of_standing_committee",
            "other_attendees",
            "summary",
            "joint_limitations",
            "notes",
            "source",
        ]
        widgets = {
            "held_on": DateInput(),
            "reports_due_on": DateInput(),
            "other_attendees": forms.Textarea(attrs={"rows": 3}),
            "summary": RichText(),
            "joint_limitations": RichText(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"held_on": DayFirstDateField, "reports_due_on": DayFirstDateField}

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        if len(committees) == 1:
            self.fields["committee"].empty_label = None
        if self.instance.pk:
            self.fields["committee"].disabled = True
        self.fields["period_year"].widget.attrs.update({"min": 2000, "max": 2100})

    def clean_period_year(self):
        year = self.cleaned_data["period_year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2000 and 2100."))
        return year


class StatementForm(forms.ModelForm):
    class Meta:
        model = Statement
        fields = ["speaker_name", "speaker_title", "speaking_for", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


# The most statements one meeting form takes (a meeting hears a dozen at most).
MAX_STATEMENTS = 60


class BaseStatementFormSet(BaseInlineFormSet):
    default_error_messages = {"too_many_forms": _("A meeting records at most %(num)d statements.")}

    def lines(self) -> list:
        """The statements kept, in the order of the form, as ``services.StatementLine``
        (after ``is_valid()``): removed rows and new rows left empty are left out."""
        from meetings.services import StatementLine

        kept = []
        for form in self.forms:
            if form in self.deleted_forms or not form.cleaned_data:
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            data = form.cleaned_data
            kept.append(
                StatementLine(
                    pk=form.instance.pk,
                    speaker_name=data["speaker_name"],
                    speaker_title=data.get("speaker_title", ""),
                    speaking_for=data.get("speaking_for", ""),
                    text=data["text"],
                )
            )
        return kept


StatementFormSet = inlineformset_factory(
    Meeting,
    Statement,
    form=StatementForm,
    formset=BaseStatementFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_STATEMENTS,
    validate_max=True,
)


class AttendanceForm(forms.Form):
    # An id, checked by the formset against the committee's organizations (no query per row).
    organization = forms.IntegerField(widget=forms.HiddenInput)
    invited = forms.BooleanField(label=_("Invited"), required=False)
    present = forms.BooleanField(label=_("Present"), required=False)
    representatives = forms.CharField(label=_("Represented by"), max_length=500, required=False)


class BaseAttendanceFormSet(forms.BaseFormSet):
    """The attendance table of a meeting: one row per organization of its committee.

    A posted row for an organization that is not one of ``organizations`` (another
    committee's, left from before the committee was changed) makes the formset invalid
    with a message that repeats what the row said: it is never dropped in silence."""

    def __init__(self, *args, organizations: Mapping[int, Organization], **kwargs):
        self.organizations = organizations
        self.refused: list[dict] = []
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors) or self.non_form_errors():
            return
        rows = [row for row in (form.cleaned_data for form in self.forms) if row]
        self.refused = [row for row in rows if row["organization"] not in self.organizations]
        if not self.refused:
            return
        names = dict(
            Organization.objects.filter(
                pk__in=[row["organization"] for row in self.refused]
            ).values_list("pk", "name")
        )
        said = [
            describe_attendance(names.get(row["organization"], "?"), row) for row in self.refused
        ]
        raise forms.ValidationError(
            _(
                "The attendance list sent belonged to another committee than the one chosen, "
                "so nothing has been saved. The list below is now that of the committee "
                "chosen: tick it again. What the other list said: %(rows)s."
            )
            % {"rows": "; ".join(said)},
            code="other_committee",
        )

    def lines(self) -> list:
        """The rows as ``services.AttendanceLine`` (after ``is_valid()``)."""
        from meetings.services import AttendanceLine

        return [
            AttendanceLine(
                organization=self.organizations[row["organization"]],
                invited=row.get("invited", False),
                present=row.get("present", False),
                representatives=row.get("representatives", ""),
            )
            for row in (form.cleaned_data for form in self.forms)
            if row
        ]

    def posted_rows(self) -> dict[int, dict]:
        """What was posted for each organization of the committee (to show it again)."""
        if not self.is_bound:
            return {}
        return {
            row["organization"]: row
            for row in (f.cleaned_data for f in self.forms if hasattr(f, "cleaned_data"))
            if row and row.get("organization") in self.organizations
        }


def describe_attendance(name: str, row: dict) -> str:
    """One attendance row in words, for a message."""
    marks = [str(_("invited"))] if row.get("invited") else []
    if row.get("present"):
        marks.append(str(_("present")))
    if (row.get("representatives") or "").strip():
        marks.append(str(_("represented by %(names)s")) % {"names": row["representatives"].strip()})
    return f"{name} ({', '.join(marks)})" if marks else name


AttendanceFormSet = forms.formset_factory(AttendanceForm, formset=BaseAttendanceFormSet, extra=0)


class ReportForm(StoredRichTextMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["results", "shortcomings", "difficulties", "next_tasks"]
        widgets = {name: RichText() for name in fields}

    def __init__(self, *args, on_behalf: bool = False, **kwargs):
        """``on_behalf``: staff enter it for its organization, and may give the day the
        organization really sent it (an old report entered late)."""
        super().__init__(*args, **kwargs)
        if on_behalf:
            self.fields["sent_on"] = DayFirstDateField(
                label=_("Day the report was sent"),
                required=False,
                widget=DateInput(),
                initial=self.instance.sent_on,
                help_text=_(
                    "Entering a report sent earlier on the organization's behalf: the day "
                    "it was sent (taken as the day it was submitted). Empty: today."
                ),
            )

    def clean_sent_on(self):
        day = self.cleaned_data.get("sent_on")
        if day and day > timezone.localdate():
            raise ValidationError(_("The day the report was sent cannot be in the future."))
        return day


class ProposalForm(SharedFieldsForm, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["text", "addressed_to", "disposition", "response", "referred_to"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, can_answer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_answer:
            for name in ("disposition", "response", "referred_to"):
                self.fields.pop(name, None)  # (shared fields: gone from the empty row's)
        else:
            # A new proposal awaits its answer unless staff say otherwise.
            self.fields["disposition"].required = False

    def clean(self):
        data = super().clean()
        if "disposition" in self.fields and not data.get("disposition"):
            data["disposition"] = Disposition.PENDING
            self.instance.disposition = Disposition.PENDING
        check_answer(self, data)
        return data


def check_answer(form: forms.Form, data: dict) -> None:
    """An answer says what was answered, or to which body the proposal was referred."""
    disposition = data.get("disposition")
    if disposition == Disposition.REFERRED and not data.get("referred_to"):
        form.add_error("referred_to", _("Say which body the proposal was referred to."))
    if disposition == Disposition.ANSWERED and not (data.get("response") or "").strip():
        form.add_error("response", _("Write the answer given."))


class ProposalAnswerForm(VersionedFormMixin, BootstrapMixin, forms.ModelForm):
    """Staff answer a proposal of a submitted or accepted report from the register."""

    def versioned(self):
        # The report form writes the answers too: an answer is versioned with its report.
        return self.instance.report

    class Meta:
        model = Proposal
        fields = ["disposition", "response", "referred_to"]
        widgets = {"response": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        check_answer(self, data)
        return data


# The most rows one form takes: well above the largest real report (about 300
# proposals) and conclusion (about 80 directives); the field limit in settings follows.
MAX_PROPOSALS = 400
MAX_DIRECTIVES = 150


class LoadedRowChoiceField(forms.ModelChoiceField):
    """The hidden id of a formset's row, found among the rows the formset loaded (one
    query for them all) instead of one query per row; an id not among them is refused."""

    def __init__(self, queryset, *, find, **kwargs):
        super().__init__(queryset, **kwargs)
        self.find = find

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            found = self.find(int(value))
        except (TypeError, ValueError):
            found = None
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class BaseProposalFormSet(LoadedRowsFormSet, SharedFieldsFormSet, BaseInlineFormSet):
    default_error_messages = {
        "too_many_forms": _(
            "A report holds at most %(num)d proposals. It has not been saved and what you "
            "typed is still below: merge or remove some proposals, then save again."
        )
    }

    def __init__(self, *args, can_answer: bool = False, **kwargs):
        self.can_answer = can_answer
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "can_answer": self.can_answer}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.shares_fields:
            return  # the empty row's, below
        name = self._pk_field.name
        field = form.fields[name]
        form.fields[name] = LoadedRowChoiceField(
            field.queryset,
            find=self._existing_object,
            initial=field.initial,
            required=False,
            widget=field.widget,
        )


ProposalFormSet = inlineformset_factory(
    Report,
    Proposal,
    form=ProposalForm,
    formset=BaseProposalFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_PROPOSALS,
    validate_max=True,
)

NOTICE_NUMBER = re.compile(r"^\d{1,4}-TB/[A-ZĐ]{1,6}$")


class ConclusionForm(StoredRichTextMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Conclusion
        fields = [
            "assessment",
            "shortcomings",
            "orientation",
            "notice_number",
            "issued_on",
            "without_notice",
        ]
        widgets = {
            "assessment": RichText(),
            "shortcomings": RichText(),
            "orientation": RichText(),
            "issued_on": DateInput(),
        }
        field_classes = {"issued_on": DayFirstDateField}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        suffix = meeting.committee.document_suffix
        self.fields["notice_number"].widget.attrs["placeholder"] = f"45-TB/{suffix}"

    def clean_notice_number(self):
        number = " ".join(self.cleaned_data["notice_number"].split()).upper()
        number = number.removeprefix("SỐ ").strip()
        if not number:
            return ""
        if not NOTICE_NUMBER.match(number):
            raise forms.ValidationError(
                _("Write the notice number as on the notice, e.g. “45-TB/%(suffix)s”.")
                % {"suffix": self.meeting.committee.document_suffix}
            )
        suffix = number.rsplit("/", 1)[1]
        if suffix != self.meeting.committee.document_suffix.upper():
            raise forms.ValidationError(
                _("Notices of %(committee)s end in “/%(suffix)s”.")
                % {
                    "committee": self.meeting.committee.name,
                    "suffix": self.meeting.committee.document_suffix,
                }
            )
        return number

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        held_on = self.meeting.held_on
        if issued_on and held_on and issued_on < held_on:
            raise forms.ValidationError(
                _("A conclusion is issued on or after the day of the meeting.")
            )
        return issued_on

    def clean(self):
        data = super().clean()
        if data.get("without_notice") and data.get("notice_number"):
            self.add_error(
                "notice_number",
                _(
                    "A conclusion recorded without a notice has no notice number: clear the "
                    "number, or untick “Recorded from the minutes, without a notice”."
                ),
            )
        return data


def due_period_choices(meeting: Meeting) -> list[tuple[str, str]]:
    """The periods a directive may be due in: this one, the next quarters, halves and years."""
    period = (meeting.period_year, meeting.period_kind, meeting.period_end)
    return list(periods_due_after(*period, get_language()))


@functools.lru_cache(maxsize=256)
def periods_due_after(
    year: int, kind: str, period_end: dt.date, language: str | None
) -> tuple[tuple[str, str], ...]:
    """``due_period_choices`` of a meeting of that period, in that language: worked out once
    per process (the conclusion form asked for them at each opening: 0.09 ms of sorting
    periods by their computed last days)."""
    with translation.override(language):
        return tuple(_due_period_choices(Period(year, kind), period_end))


def _due_period_choices(meeting_period: Period, period_end: dt.date) -> list[tuple[str, str]]:
    options, period = {meeting_period}, meeting_period
    for _index in range(4):
        period = period.next()
        options.add(period)
    for year in (meeting_period.year, meeting_period.year + 1):
        options.update({Period(year, "H1"), Period(year, "H2"), Period(year, "Y")})
    periods = sorted(p for p in options if p.end >= period_end)
    return [("", CHOOSE)] + [(p.code, p.label) for p in periods]


class DirectiveForm(SharedFieldsForm, forms.ModelForm):
    # Chosen among the organizations the formset loaded once (``organizations``): checking
    # a row asks the database nothing, however many rows the conclusion has.
    lead = forms.TypedChoiceField(
        label=_("Lead assignee"), coerce=int, required=False, empty_value=None
    )
    co_assignees = forms.TypedMultipleChoiceField(
        label=_("Co-assignees"),
        coerce=int,
        required=False,
        # A list of checkboxes with the organizations' full names, filtered by typing
        # (static/js/giaoban.js; giaoban/fieldhtml.py writes it).
        widget=forms.CheckboxSelectMultiple,
    )
    due_period = forms.ChoiceField(label=_("Due period"), required=False)

    class Meta:
        model = Directive
        fields = ["text", "to_all_organizations", "group_name", "due_date"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_date": DateInput()}
        field_classes = {"due_date": DayFirstDateField}

    def __init__(
        self,
        *args,
        meeting: Meeting,
        organizations,
        organization_choices,
        lead_choices,
        periods,
        assignees: Mapping[int, list[tuple[int, bool]]] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.organizations = organizations  # by id
        # The choices are the formset's, made once for all its rows (a row sharing the
        # empty row's fields has them already).
        if not self.shares_fields:
            self.fields["lead"].choices = lead_choices
            self.fields["co_assignees"].choices = organization_choices
            self.fields["due_period"].choices = periods
        directive = self.instance
        if directive.pk:
            if assignees is None:
                given = [(a.organization_id, a.is_lead) for a in directive.assignments.all()]
            else:
                given = assignees.get(directive.pk, [])
            self.initial["lead"] = next((pk for pk, is_lead in given if is_lead), None)
            if not directive.to_all_organizations:
                self.initial["co_assignees"] = [pk for pk, is_lead in given if not is_lead]
            period = directive.due_period
            self.initial["due_period"] = period.code if period else ""
        else:
            self.initial.setdefault("due_period", meeting.period.next().code)

    def clean_lead(self):
        pk = self.cleaned_data["lead"]
        return self.organizations[pk] if pk else None

    def clean_co_assignees(self):
        return [self.organizations[pk] for pk in self.cleaned_data["co_assignees"]]

    def clean(self):
        data = super().clean()
        group = data.get("group_name")
        if group and data.get("to_all_organizations"):
            self.add_error(
                "group_name", _("Address it to all organizations or to a group, not both.")
            )
        elif group and not data.get("lead") and not data.get("co_assignees"):
            self.add_error(
                "group_name",
                _(
                    "Choose the body that compiles or the group's members among the "
                    "organizations, so that it is followed up."
                ),
            )
        elif not group and not data.get("lead") and not data.get("to_all_organizations"):
            self.add_error(
                "lead", _("Choose the organization in charge, or address it to all organizations.")
            )
        due_date = data.get("due_date")
        start = self.meeting.held_on or self.meeting.period_end
        if due_date and due_date < start:
            self.add_error("due_date", _("The due date cannot be before the meeting."))
        if due_date and data.get("due_period"):
            data["due_period"] = ""
        return data

    def due_period_value(self) -> Period | None:
        code = self.cleaned_data.get("due_period")
        return Period.parse(code) if code else None


class BaseDirectiveFormSet(LoadedRowsFormSet, SharedFieldsFormSet, BaseInlineFormSet):
    default_error_messages = {
        "too_many_forms": _(
            "A conclusion holds at most %(num)d directives. It has not been saved and what "
            "you typed is still below: merge or remove some directives, then save again."
        )
    }

    def __init__(
        self,
        *args,
        meeting: Meeting,
        organizations,
        assignees: Mapping[int, list[tuple[int, bool]]] | None = None,
        **kwargs,
    ):
        """``assignees``: the organizations each saved directive is given to, by directive
        id, as ``(organization id, is lead)`` (read once for all rows; without it, each
        directive reads its own)."""
        self.meeting = meeting
        self.assignees = assignees
        day = meeting.reference_date
        # Loaded once for every row: the rows check their choices against it.
        if isinstance(organizations, QuerySet):
            organizations = organizations.with_names_on(day)
        # (Or a list of them already read with their names on that day.)
        self.organizations = {org.pk: org for org in organizations}
        choices = [(org.pk, org.name_on(day)) for org in self.organizations.values()]
        self.organization_choices = SharedChoices(choices)
        self.lead_choices = SharedChoices([("", CHOOSE), *choices])
        self.periods = SharedChoices(due_period_choices(meeting))
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "meeting": self.meeting,
            "organizations": self.organizations,
            "organization_choices": self.organization_choices,
            "lead_choices": self.lead_choices,
            "periods": self.periods,
            "assignees": self.assignees,
        }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Django's hidden id field fetches its row again, one query per row: the rows the
        # formset already loaded answer instead.
        name = self._pk_field.name
        if form.is_bound and isinstance(form.fields.get(name), forms.ModelChoiceField):
            form.fields[name] = LoadedRowField(
                self._existing_object, initial=form.fields[name].initial, widget=forms.HiddenInput
            )


class LoadedRowField(forms.Field):
    """A formset row's hidden id, answered from the rows the formset loaded (an id not
    among them is refused as Django's own field refuses it)."""

    default_error_messages = {
        "invalid_choice": _(
            "Select a valid choice. That choice is not one of the available choices."
        )
    }

    def __init__(self, loaded, **kwargs):
        super().__init__(required=False, **kwargs)
        self.loaded = loaded  # the formset's ``_existing_object``: a row by id, or None

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value)
        row = (
            self.loaded(int(text)) if text.isascii() and text.isdigit() and len(text) < 19 else None
        )
        if row is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return row

    def has_changed(self, initial, data) -> bool:
        """Whether the row sent is another than the form's (as Django's own field answers,
        by id): the same row is no change of the form."""
        if self.disabled:
            return False
        initial = "" if initial is None else str(getattr(initial, "pk", initial))
        return initial != ("" if data in self.empty_values else str(data))


DirectiveFormSet = inlineformset_factory(
    Conclusion,
    Directive,
    form=DirectiveForm,
    formset=BaseDirectiveFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_DIRECTIVES,
    validate_max=True,
)


class MeetingFilterForm(BootstrapMixin, forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Party committee"), queryset=None, required=False, empty_label=_("All")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    period = forms.ChoiceField(
        label=_("Period"), required=False, choices=[("", _("All")), *PeriodKind.choices]
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        fetch_choices(self)


def reporting_organizations(meeting: Meeting):
    """The committee's organizations that report, as they existed on the meeting's day."""
    return (
        Organization.objects.filter(committee_id=meeting.committee_id)
        .valid_on(meeting.reference_date)
        .order_by("display_order", "name")
    )


def assignable_organizations(meeting: Meeting):
    """Organizations a directive can be given to: the Front, the organizations, party bodies."""
    return (
        Organization.objects.filter(committee_id=meeting.committee_id)
        .valid_on(meeting.reference_date)
        .order_by("display_order", "name")
    )
