"""Django's template engine, with what a page's render leaves behind freed at once.

A render's context and the context's own dictionaries point at each other (Django's
``Context.push`` and ``RequestContext`` keep the context in each ``ContextDict``), and
a form and its bound fields do too (``BaseForm._bound_fields_cache``). Such cycles are
freed by the garbage collector alone, with everything they hold: every form, formset
and model instance a page showed. On the conclusion form that was about 730 objects a
page, and the collector's work about 0.2 ms of its 4.5 ms in one process (issue 19).
Once a page is rendered, ``Template.render`` empties the context and lets the forms
of the page's own context go of their bound fields: reference counting then frees
them as the view returns. A form asked for a field afterwards makes a new bound field,
as on its first request.

Forms are let go only by a page's render (one with a request): a template rendered
inside another (a form's own template, through the forms' renderer) leaves the forms
of the page that is still being written as they are.
"""

from __future__ import annotations

from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.template.backends import django as django_backend
from django.template.context import make_context
from django.template.exceptions import TemplateDoesNotExist

# A formset's forms made while the page was written and kept on it: Django's cached
# ``forms`` and ``management_form``, and the ``empty_form`` that formsets sharing their
# fields keep (giaoban/forms.py; Django's own makes a new one at each use).
FORMSET_FORMS = ("forms", "empty_form", "management_form")


class DjangoTemplates(django_backend.DjangoTemplates):
    def from_string(self, template_code):
        return Template(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        try:
            return Template(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            django_backend.reraise(exc, self)


class Template(django_backend.Template):
    def render(self, context=None, request=None):
        context = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            html = self.template.render(context)
        except TemplateDoesNotExist as exc:
            django_backend.reraise(exc, self.backend)
        if request is not None:
            for values in context.dicts:
                for value in values.values():
                    let_go(value)
        context.dicts.clear()
        return html


def let_go(value) -> None:
    """Empty the bound fields kept by ``value``, a form or a formset (its forms made so
    far); anything else is left alone."""
    if isinstance(value, BaseForm):
        value._bound_fields_cache.clear()
    elif isinstance(value, BaseFormSet):
        for name in FORMSET_FORMS:
            made = value.__dict__.get(name)
            for form in made if isinstance(made, list) else (made,):
                if isinstance(form, BaseForm):
                    form._bound_fields_cache.clear()
