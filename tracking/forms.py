from __future__ import annotations

from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from giaoban.forms import (
    BootstrapMixin,
    DayFirstDateField,
    ModelMultipleIdField,
    SharedFieldsForm,
    SharedFieldsFormSet,
    fetch_choices,
)
from meetings.forms import DateInput
from meetings.models import CARRY, CLOSE
from meetings.periods import Period
from tracking.models import Progress, Status
from tracking.services import Change


class FollowUpForm(SharedFieldsForm, forms.Form):
    """One open directive in a report form: what the organization reports about it."""

    assignment = forms.IntegerField(widget=forms.HiddenInput)
    # The part's version when the form was opened: recording is refused if it moved.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    progress = forms.ChoiceField(
        label=_("Result"),
        required=False,
        choices=[
            ("", _("— no change —")),
            (Progress.IN_PROGRESS, _("In progress")),
            (Progress.DONE, _("Done")),
        ],
    )
    # The day it really happened (done: the completion day), today if none is given; its
    # name stays the one pages and scripts already send.
    completed_on = DayFirstDateField(
        label=_("Date it happened"), required=False, widget=DateInput()
    )
    note = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        day = data.get("completed_on")
        if day and day > timezone.localdate():
            self.add_error("completed_on", _("The date it happened cannot be in the future."))
        data["happened_on"] = day
        if data.get("progress") != Progress.DONE:
            data["completed_on"] = None
        return data


class RowsSharingFields(SharedFieldsFormSet, forms.BaseFormSet):
    """Rows that, on a page only opened, share one set of fields (giaoban.forms)."""


FollowUpFormSet = forms.formset_factory(FollowUpForm, formset=RowsSharingFields, extra=0)


def follow_up_changes(
    formset, open_parts, *, organization, on_behalf: bool, default_day=None
) -> list[Change]:
    """What a report form says about each unfinished directive offered on it (``open_parts``),
    each on the version the form was opened on, on the day given (else ``default_day``,
    else today); rows left at "no change" say nothing. A
    part finished or carried over since the form was opened is still named (so that the
    writer refuses it as changed), never dropped."""
    if not formset.is_bound:
        return []
    by_id = {part.pk: part for part in open_parts}
    filled = [form.cleaned_data for form in formset if form.cleaned_data.get("progress")]
    gone = {data.get("assignment") for data in filled} - set(by_id)
    if gone:
        from tracking.queries import parts_of  # (tracking.queries imports these forms)

        by_id |= parts_of(organization, gone)
    changes = []
    for data in filled:
        part = by_id.get(data.get("assignment"))
        if part is not None:
            changes.append(
                Change(
                    assignment=part,
                    progress=data["progress"],
                    completed_on=data.get("completed_on"),
                    note=data.get("note", ""),
                    on_behalf=on_behalf,
                    version=data.get("version"),
                    happened_on=data.get("happened_on") or default_day,
                )
            )
    return changes


def refresh_follow_up_versions(formset, current: dict):
    """After a conflict: the follow-up rows keep what was typed, with the stored versions."""
    data = formset.data.copy()
    for row in formset:
        part = current.get(row.cleaned_data.get("assignment"))
        if part is not None:
            data[row.add_prefix("version")] = part.version
    return type(formset)(data, prefix=formset.prefix, initial=formset.initial)


class PreviousDirectiveForm(SharedFieldsForm, forms.Form):
    """An unfinished directive of an earlier conclusion, as the new conclusion treats it."""

    directive = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        label=_("In this conclusion"),
        required=False,
        choices=[
            ("", _("Keep it open")),
            (CARRY, _("Carry it over into this conclusion")),
            (CLOSE, _("Close it as done")),
        ],
    )


PreviousDirectiveFormSet = forms.formset_factory(
    PreviousDirectiveForm, formset=RowsSharingFields, extra=0
)


def earlier_marked(formset) -> int:
    """How many earlier directives the conclusion carries over or closes (as shown: the
    choices sent, or those the conclusion holds)."""
    if formset.is_bound:
        return sum(
            1
            for form in formset.forms
            if form.data.get(form.add_prefix("action")) in (CARRY, CLOSE)
        )
    return sum(1 for form in formset.forms if form.initial.get("action"))


def earlier_refused(formset) -> bool:
    """Whether the earlier directives, sent, have an error to show (their fold opens)."""
    if not formset.is_bound:
        return False
    return bool(formset.non_form_errors()) or any(form.errors for form in formset.forms)


class BulkUpdateForm(BootstrapMixin, forms.Form):
    progress = forms.ChoiceField(
        label=_("Set the status to"),
        choices=[(Progress.IN_PROGRESS, _("In progress")), (Progress.DONE, _("Done"))],
    )
    # The day it really happened (done: the completion day), today if none is given.
    completed_on = DayFirstDateField(
        label=_("Date it happened"), required=False, widget=DateInput()
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)
    selected = ModelMultipleIdField(queryset=None, required=True, label=_("Directives"))

    def __init__(self, *args, assignments, **kwargs):
        """``assignments``: the parts that may be selected; None for a form not sent (it
        shows no choice of them: a page only opened need not build their query)."""
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = assignments
        self.fields["selected"].error_messages["required"] = _("Select at least one directive.")

    def clean_completed_on(self):
        day = self.cleaned_data.get("completed_on")
        if day and day > timezone.localdate():
            raise ValidationError(_("The date it happened cannot be in the future."))
        return day

    def opened_version(self, part) -> int | None:
        """The version of ``part`` the page showed (``version-<pk>``); None when the page
        sent none (an older page, a script): then the version just read is checked."""
        value = self.data.get(f"version-{part.pk}", "")
        return int(value) if value.isdigit() else None


class FetchedChoiceField(forms.ModelChoiceField):
    """A model choice whose options were read already (``fetch_choices``): the chosen row
    is found among them, without a query of its own. A value that is not one of their
    ids is an invalid choice, as it is for Django's field."""

    def to_python(self, value):
        if value in self.empty_values or not isinstance(self.choices, list | FixedChoices):
            return super().to_python(value)
        self.validate_no_null_characters(value)
        rows = {
            option.value: option.instance
            for option, _label in self.choices
            if isinstance(option, ModelChoiceIteratorValue)
        }
        try:
            return rows[int(value)]
        except (ValueError, TypeError, KeyError):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


class FixedChoices(BaseChoiceIterator):
    """Choices in the form a field keeps them (normalized), given to it as they are and
    shared by the copies of the form's fields: a list would be normalized again, choice
    by choice, and deep-copied with its field, on every page (a fifth of making the
    board's filter). Not to be changed."""

    def __init__(self, choices) -> None:
        self.choices = tuple(choices)

    def __iter__(self):
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class AsOfField(DayFirstDateField):
    """The day a page's statuses are judged as of (``?on=``): typed day first, today at
    the latest (nothing is known of the progress of days to come)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("As of"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise ValidationError(_("Choose a day no later than today."), code="future")


class AsOfForm(BootstrapMixin, forms.Form):
    """The day asked of a page that shows statuses (the dashboard, an organization's page,
    a meeting's follow-up)."""

    on = AsOfField()

    def day(self, default):
        """The day asked, else ``default`` (nothing asked, or what was typed could not be
        read: ``error`` says so)."""
        if self.is_bound and self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return default

    @property
    def error(self) -> str:
        """What is wrong with the day typed, in a sentence ("" when nothing is)."""
        if not self.is_bound or self.is_valid():
            return ""
        return _("Invalid date “%(value)s”: %(error)s") % {
            "value": self.data.get("on", ""),
            "error": " ".join(self.errors["on"]),
        }


class BoardFilterForm(BootstrapMixin, forms.Form):
    organization = FetchedChoiceField(
        label=_("Assignee"), queryset=None, required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=FixedChoices(normalize_choices([("", _("All")), *Status.choices])),
    )
    origin = forms.ChoiceField(label=_("Period of origin"), required=False)
    due_from = DayFirstDateField(label=_("Due from"), required=False, widget=DateInput())
    due_to = DayFirstDateField(label=_("Due until"), required=False, widget=DateInput())
    q = forms.CharField(label=_("Text"), required=False, max_length=200)
    on = AsOfField()
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=FixedChoices(
            normalize_choices(
                [
                    ("deadline", _("Deadline, earliest first")),
                    ("-deadline", _("Deadline, latest first")),
                    ("-origin", _("Period of origin, newest first")),
                    ("organization", _("Assignee")),
                    ("status", _("Status")),
                    ("overdue", _("Days overdue, most first")),
                ]
            )
        ),
    )

    def __init__(self, *args, organizations, periods, organization_rows=None, **kwargs):
        """``organization_rows``: the rows of ``organizations``, when read already."""
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations
        if organization_rows is not None:
            iterator = field.iterator(field)
            # (Each a value and a plain label: normalized as they are.)
            field.choices = FixedChoices(
                [("", field.empty_label), *map(iterator.choice, organization_rows)]
            )
        self.fields["origin"].choices = period_choices(tuple(periods), get_language())
        fetch_choices(self)


@lru_cache(maxsize=64)
def period_choices(periods: tuple[Period, ...], language: str | None) -> FixedChoices:
    """The choice of all periods, then the code and label of each of ``periods`` in
    ``language`` (the active one), worked out once per process: a committee offers tens
    of periods, each label a translation and a format, on every page of its board. Not
    to be changed (shared)."""
    return FixedChoices(
        normalize_choices([("", _("All")), *((period.code, period.label) for period in periods)])
    )


def optional_formset(formset_class, data, *, prefix: str, initial: list[dict]):
    """A formset that is bound only if the page sent it (older pages and scripts may not)."""
    if data is not None and f"{prefix}-TOTAL_FORMS" in data:
        return formset_class(data, prefix=prefix, initial=initial)
    return formset_class(prefix=prefix, initial=initial)


def formset_ok(formset) -> bool:
    return not formset.is_bound or formset.is_valid()
