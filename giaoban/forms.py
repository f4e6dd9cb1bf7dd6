from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator, normalize_choices

from giaoban.params import id_param


class BootstrapMixin:
    """Bootstrap classes on the widgets of forms laid out by hand (filters, small forms)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class SharedChoices(BaseChoiceIterator):
    """Choices made once and given to every row of a formset. Django normalizes a list
    of choices again for each field and widget it is given to (twice per row); these are
    normalized once and handed over as they are, and giaoban/fieldhtml.py, seeing the
    same object in every row, renders their options once."""

    def __init__(self, choices) -> None:
        self.choices = list(normalize_choices(list(choices)))

    def __iter__(self):
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)


def fetch_choices(form: forms.Form) -> None:
    """Read the options of the form's model choice fields now, in the view, rather than
    while the template renders them (templates run no query; see tests/test_key_pages.py).
    The querysets still validate what is submitted."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and not hasattr(field, "_choices"):
            # One plain query: list(field.choices) would count the rows first and read
            # them through a server-side cursor (two more round trips on PostgreSQL).
            iterator = field.iterator(field)
            choices = [("", field.empty_label)] if field.empty_label is not None else []
            field.choices = choices + [iterator.choice(obj) for obj in field.queryset]


class ModelMultipleIdField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id that refuses, as invalid choices, values that are
    not ids at all (a 40-digit number overflowed SQLite's integers: a 500)."""

    def _check_values(self, value):
        if self.to_field_name is None:
            try:
                values = list(value)
            except TypeError:
                values = []  # Django's own check says what is wrong
            for pk in values:
                if id_param(str(pk)) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)
