"""Pages leave without the indentation of their templates (giaoban/template_loaders.py),
and a browser shows the same thing."""

from __future__ import annotations

import copy
import re

import pytest
from django.conf import settings

from bench.pages import key_pages
from giaoban.generate import SCALES, Generator
from giaoban.pagecache import ONE_TIME, TOKEN
from giaoban.template_loaders import without_indentation
from tests.test_key_pages import signed_in

KEY_PAGES = ("dashboard", "meeting page", "report form", "conclusion form", "directive board")
KEPT_AS_WRITTEN = re.compile(r"<(pre|textarea|script)\b.*?</\1\s*>", re.DOTALL)


def test_indentation_and_blank_lines_become_one_line_break():
    source = "<ul>\n    <li>{{ a }}</li>   \n\n\n    <li>b</li>\n</ul>\n<span>x</span>\n  <b>y</b>"

    assert (
        without_indentation(source)
        == "<ul>\n<li>{{ a }}</li>\n<li>b</li>\n</ul>\n<span>x</span>\n<b>y</b>"
    )


def test_what_is_shown_as_written_and_messages_to_translate_are_kept():
    kept = [
        "<pre>\n  a\n\n    b\n</pre>",
        '<textarea name="t">\n  typed\n</textarea>',
        "<script>\n  if (a) {\n    b();\n  }\n</script>",
        "{% blocktranslate with n=count %}\n  {{ n }} reports\n{% endblocktranslate %}",
    ]
    for part in kept:
        assert without_indentation(f"<div>\n    {part}\n    </div>") == f"<div>\n{part}\n</div>"


def test_inline_elements_keep_the_space_between_them():
    assert without_indentation("<a>one</a>\n      <a>two</a>") == "<a>one</a>\n<a>two</a>"
    # A template included inside a line keeps what is around it.
    assert without_indentation("  <b>x</b> ") == "  <b>x</b> "


def shown(html: str) -> str:
    """What a browser shows, as far as whitespace goes: each run drawn as one space."""
    html = TOKEN.sub("", ONE_TIME.sub("", html))
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def pages(db):
    Generator(SCALES["tiny"]).run()
    clients = signed_in()
    return {page.name: (clients[page.user], page.path) for page in key_pages()}


@pytest.mark.usefixtures("no_page_cache")
def test_key_pages_have_no_indented_line(pages):
    for name in KEY_PAGES:
        client, path = pages[name]
        html = client.get(path).content.decode()
        outside = KEPT_AS_WRITTEN.sub("", html)

        indented = [line for line in outside.splitlines() if line[:1] in (" ", "\t")]
        assert indented == [], name


def as_written(settings) -> None:
    """Templates loaded as they are written, as before."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["loaders"] = [
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = templates


@pytest.mark.usefixtures("no_page_cache")
def test_key_pages_are_smaller_and_show_the_same(pages, settings):
    unindented = {name: pages[name][0].get(pages[name][1]).content.decode() for name in KEY_PAGES}
    as_written(settings)
    written = {name: pages[name][0].get(pages[name][1]).content.decode() for name in KEY_PAGES}

    for name in KEY_PAGES:
        assert shown(unindented[name]) == shown(written[name]), name
        assert len(unindented[name]) < len(written[name]), name
        # The conclusion form was a third whitespace; what runs of it are left (in the
        # text people typed) is under 2 % of any page.
        runs = sum(len(run) for run in re.findall(r"\s{2,}", unindented[name]))
        assert runs < 0.02 * len(unindented[name]), name


def test_templates_are_unindented_once_when_loaded():
    loaders = settings.TEMPLATES[0]["OPTIONS"]["loaders"]
    assert loaders[0][0] == "django.template.loaders.cached.Loader"
