from __future__ import annotations

import functools

from django import forms
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from giaoban.forms import BootstrapMixin, fetch_choices
from meetings.periods import Period
from search.models import Kind

YEARS_BACK = 12


class _Normalized(BaseChoiceIterator):
    """Choices in the form a field keeps them, given to it as they are (a list would be
    normalized again, choice by choice, on every page)."""

    def __init__(self, choices):
        self.choices = tuple(choices)

    def __iter__(self):
        return iter(self.choices)


@functools.lru_cache(maxsize=16)
def _period_choices(today, language: str | None) -> _Normalized:
    """The options of the period fields, their labels escaped once (``language`` is the
    active one)."""
    choices = [("", _("Any")), *_quarter_choices(today, language)]
    return _Normalized(normalize_choices([(value, escape(label)) for value, label in choices]))


@functools.lru_cache(maxsize=16)
def _quarter_choices(today, language: str | None) -> tuple[tuple[str, str], ...]:
    # Labelled once a day per language (``language`` is the active one), not on every page.
    period, choices = Period.quarter_of(today), []
    for _index in range(4 * YEARS_BACK):
        choices.append((period.code, period.label))
        period = period.previous()
    return tuple(choices)


class SearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    committee = forms.ModelChoiceField(
        label=_("Party committee"), queryset=None, required=False, empty_label=_("All")
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=None, required=False, empty_label=_("All")
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Kind.choices]
    )
    period_from = forms.ChoiceField(label=_("From period"), required=False)
    period_to = forms.ChoiceField(label=_("Until period"), required=False)

    def __init__(
        self,
        *args,
        committees,
        organizations,
        committees_read=None,
        organizations_read=None,
        **kwargs,
    ):
        """``committees`` and ``organizations`` validate the choices; ``committees_read``
        and ``organizations_read``, when given, are their rows already read, in their
        order: the options, without a query of their own."""
        super().__init__(*args, **kwargs)
        field = self.fields["committee"]
        field.queryset = committees
        if committees_read is not None:
            iterator = field.iterator(field)
            field.choices = [("", field.empty_label), *map(iterator.choice, committees_read)]
        field = self.fields["organization"]
        field.queryset = organizations
        if organizations_read is not None:
            iterator = field.iterator(field)
            field.choices = [("", field.empty_label), *map(iterator.choice, organizations_read)]
        periods = _period_choices(timezone.localdate(), get_language())
        self.fields["period_from"].choices = periods
        self.fields["period_to"].choices = periods
        fetch_choices(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and Period.parse(start).start > Period.parse(end).end:
            self.add_error("period_to", _("The end of the range comes before its start."))
        return data
