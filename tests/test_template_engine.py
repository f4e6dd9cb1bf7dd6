"""A rendered page leaves nothing to the garbage collector (giaoban/template_engine.py):
its context, its forms and the queries it ran are freed by reference counting as the
view returns, instead of piling up between the collector's passes (issue 19)."""

from __future__ import annotations

import gc

import pytest
from django import forms
from django.template import engines
from django.test import Client, RequestFactory

from accounts.models import User
from bench.pages import key_pages
from giaoban.generate import SCALES, Generator

# What a page's render held in cycles of its own before: its context, its forms' bound
# fields, the compilers of the queries it ran (giaoban/compiled.py). Other cycles are
# Django's (a model choice field and its iterator, a meeting and its conclusion cached on
# each other) and hold less.
HELD = {"BoundField", "RequestContext", "ContextDict", "SQLCompiler"}


def left_to_the_collector(request) -> set[str]:
    """The kinds of object ``request()`` leaves in reference cycles: the garbage the
    collector alone would free."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        request()
        gc.collect()
        return {type(obj).__name__ for obj in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


@pytest.mark.usefixtures("no_page_cache")
def test_the_forms_pages_leave_no_form_context_or_query_to_the_collector(db):
    Generator(SCALES["tiny"]).run()
    pages = {page.name: page for page in key_pages()}
    staff = Client()
    staff.force_login(User.objects.get(username="bench_staff"))
    for name in ("conclusion form", "report form", "directive board"):
        path = pages[name].path
        assert staff.get(path).status_code == 200  # the process warmed up for it

        def get(path=path):
            response = staff.get(path)
            assert response.status_code == 200
            # The test client's own cycle (response.json holds the response), which would
            # keep what it attached to the response (copies of the contexts) for the
            # collector: not there when gunicorn serves the page.
            del response.json

        left = left_to_the_collector(get)

        assert left & HELD == set(), name
        if name == "conclusion form":  # its forms and formsets hold no cycle of Django's
            assert not {kind for kind in left if kind.endswith(("Form", "FormSet"))}, left


class Note(forms.Form):
    title = forms.CharField(label="Tiêu đề", initial="Giao ban quý IV")
    done = forms.BooleanField(label="Đã xong", required=False)


def test_a_form_shown_by_a_page_gives_the_same_markup_afterwards(rf: RequestFactory):
    """The page's forms let go of their bound fields once it is written; asked again,
    they write the same."""
    form = Note()
    before = str(form["title"]) + str(form["done"])
    request = rf.get("/")

    template = engines["django"].from_string("<form>{{ form.title }}{{ form.done }}</form>")

    html = template.render({"form": form}, request)

    assert html == f"<form>{before}</form>"
    assert form._bound_fields_cache == {}
    assert str(form["title"]) + str(form["done"]) == before


def test_a_template_rendered_inside_a_page_leaves_the_pages_forms_as_they_are():
    """A form's own template (rendered without a request, by the forms' renderer) does
    not let go of the bound fields of the page being written."""
    form = Note()
    bound = form["title"]

    html = engines["django"].from_string("{{ form.title }}").render({"form": form})

    assert 'name="title"' in html
    assert form["title"] is bound
