"""Templates loaded without their indentation: pages leave without it, at no cost per render.

The loaders read a template's source and give Django a copy in which every run of
whitespace that holds a line break (a line's indentation, spaces at its end, blank lines
in between) is one line break. Django's cached loader, which wraps these
(``TEMPLATES`` in ``giaoban/settings.py``), compiles that copy once per process: the pages
rendered from it hold no indentation, and no render pays for its removal.

A browser shows the same page: it draws any run of whitespace between words or inline
elements as one space, and a line break is one. What it shows as written is left as it
is: ``<pre>``, ``<textarea>`` and ``<script>`` (and ``{% verbatim %}``), and the text of
``{% blocktranslate %}``, whose whitespace is part of the message looked up in the
translations. Only ``.html`` templates: a plain-text e-mail keeps its layout.
"""

from __future__ import annotations

import re

from django.template.loaders import app_directories, filesystem

# Parts of a template whose whitespace matters, kept as they are.
KEPT = re.compile(
    r"<(pre|textarea|script)\b.*?</\1\s*>"
    r"|{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}"
    r"|{%\s*verbatim\b.*?{%\s*endverbatim\b[^%]*%}",
    re.DOTALL | re.IGNORECASE,
)
BREAK = re.compile(r"[ \t\r\f\v]*\n\s*")


def without_indentation(source: str) -> str:
    """``source`` with each whitespace run holding a line break made one line break,
    except in the parts ``KEPT``."""
    parts = []
    end = 0
    for kept in KEPT.finditer(source):
        parts.append(BREAK.sub("\n", source[end : kept.start()]))
        parts.append(kept.group())
        end = kept.end()
    parts.append(BREAK.sub("\n", source[end:]))
    return "".join(parts)


class _Unindented:
    def get_contents(self, origin) -> str:
        source = super().get_contents(origin)
        if origin.name.endswith(".html"):
            return without_indentation(source)
        return source


class FilesystemLoader(_Unindented, filesystem.Loader):
    """The project's ``templates/`` folder (``DIRS``), unindented."""


class AppDirectoriesLoader(_Unindented, app_directories.Loader):
    """The apps' templates (admin, crispy-bootstrap5, Django's form widgets), unindented."""
