from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2
from django.utils.functional import cached_property


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


class WidgetRenderer(DjangoTemplates):
    """Django's own widget templates rendered with Jinja2, the rest as usual.

    A form field's widget is rendered once per field and per row: on the conclusion form,
    with its directives, several hundred times a page. Django ships each of its widget
    templates for Jinja2 too (``django/forms/jinja2``), which renders them several times
    faster; the other templates a form uses (crispy-forms' layouts, the admin's own
    widgets) stay with the Django template engine."""

    @cached_property
    def jinja2(self) -> Jinja2:
        return Jinja2()

    def get_template(self, template_name):
        if template_name.startswith("django/forms/widgets/"):
            return self.jinja2.get_template(template_name)
        return super().get_template(template_name)
