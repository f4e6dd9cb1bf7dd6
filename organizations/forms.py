from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from giaoban.forms import DayFirstDateField, DayFirstDateInput
from organizations.models import Organization, OrganizationKind

# Dates are typed day first, with a calendar to pick from (giaoban/forms.py).
DateInput = DayFirstDateInput


class MergeForm(forms.Form):
    """Merge the selected organizations into an existing or a new organization."""

    date = DayFirstDateField(
        label=_("Effective from"),
        widget=DateInput(),
        help_text=_("The first day of the merged organization; the others cease on that day."),
    )
    successor = forms.ModelChoiceField(
        label=_("Merge into an existing organization"),
        queryset=Organization.objects.none(),
        required=False,
    )
    new_name = forms.CharField(
        label=_("…or create a new organization named"), max_length=200, required=False
    )
    new_short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    new_kind = forms.ChoiceField(
        label=_("Kind of the new organization"),
        choices=[("", "---------"), *OrganizationKind.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=255,
        required=False,
        help_text=_("For example the decision that merged them."),
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["successor"].queryset = candidates

    def clean(self):
        data = super().clean()
        if data.get("successor") and data.get("new_name"):
            raise forms.ValidationError(
                _("Choose an existing organization or give a new name, not both.")
            )
        if not data.get("successor") and not data.get("new_name"):
            raise forms.ValidationError(
                _("Choose the organization to merge into, or give the name of a new one.")
            )
        if data.get("new_name") and not data.get("new_kind"):
            self.add_error("new_kind", _("Choose the kind of the new organization."))
        return data


class DayForm(forms.Form):
    """The date a page of organizations is about (?on=), typed day first or picked from
    the calendar; ISO (?on=2024-04-19) is read too, as the pages' own links write it."""

    on = DayFirstDateField(
        label=_("On date"), required=False, widget=DateInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="%s", **kwargs)

    def day(self, today: dt.date) -> dt.date:
        """The date asked for, or ``today`` if none was, or it could not be read."""
        if self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return today

    def shown(self, day: dt.date) -> DayForm:
        """The form to show above the page about ``day``: the date as the app writes it
        (19/4/2024), or what was typed with the error when it could not be read."""
        if self.is_bound and self.errors:
            widget = self.fields["on"].widget
            widget.attrs = {
                **widget.attrs,
                "class": "form-control is-invalid",
                "aria-describedby": "on_error",
            }
            return self
        return DayForm(initial={"on": day})


class RenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=200)
    short_name = forms.CharField(label=_("New short name"), max_length=60, required=False)
    date = DayFirstDateField(label=_("Effective from"), widget=DateInput())


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("Columns as described in the user guide; every row is checked first."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Only .csv and .xlsx files can be imported."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
