"""Values as the template filters show them, for table rows written in Python.

A list page's rows rendered by the template engine cost a variable lookup, a filter and
an escape per cell, a ``reverse()`` per link, a translation per label and a date format
per date, in every row. Rows written in Python (tracking/board_rows.py,
meetings/meeting_rows.py) resolve what the rows share once per page, with these helpers,
and keep the template's markup (their tests compare the two).
"""

from __future__ import annotations

import datetime as dt
import functools
import html

from django.conf import settings
from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language

__all__ = ["EMPTY", "Dates", "address", "escape", "lines", "words"]

EMPTY = "—"  # what the pages show for a value not given


def escape(value) -> str:
    """Django's ``escape`` (the same characters), without its checks for lazy strings: for
    the plain text of the database."""
    return html.escape(str(value))


def lines(text: str) -> str:
    """``{{ text|linebreaksbr }}`` for the plain text of the database: escaped, each line
    ending (``\r\n``, ``\r`` or ``\n``) a ``<br>``; without the filter's checks for lazy
    and safe strings."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


@functools.lru_cache(maxsize=4096)
def short_date(day: dt.date, language: str | None, date_format: str) -> str:
    """A day in ``date_format`` (``language``'s month names, if the format has any),
    escaped: each day is formatted once, not once per row and per page."""
    return conditional_escape(dateformat.format(day, date_format) or EMPTY)


class Dates:
    """``{{ value|date:"SHORT_DATE_FORMAT"|default:"—" }}`` for the rows of one page; a date
    format shows only the day, so a time is shown as its day in the current time zone."""

    def __init__(self) -> None:
        self.language = get_language()
        self.format = get_format("SHORT_DATE_FORMAT")
        # The current time zone, found once for the page rather than once per time.
        self.zone = get_current_timezone() if settings.USE_TZ else None

    def __call__(self, value) -> str:
        if value is None:
            return EMPTY
        if isinstance(value, dt.datetime):
            # As template_localtime: an aware time in the current time zone.
            if self.zone is not None and value.utcoffset() is not None:
                value = value.astimezone(self.zone)
            value = value.date()
        return short_date(value, self.language, self.format)


def words(text: str, count: int) -> str:
    """``{{ text|truncatewords:count }}`` (Django's Truncator.words), unescaped."""
    split = text.split()
    if len(split) <= count:
        return " ".join(split)
    shown = " ".join(split[:count])
    return shown if shown.endswith(" …") else f"{shown} …"


def address(view: str) -> tuple[str, str]:
    """What comes before and after the id in the address of ``view`` (a URL name taking one
    integer), escaped: ``f"{before}{pk}{after}"`` is ``{% url view pk %}``."""
    before, after = reverse(view, args=[987654321]).split("987654321")
    return conditional_escape(before), conditional_escape(after)


def csrf_input(context) -> str:
    """As ``{% csrf_token %}``: the hidden input of this page's token (one per page, as
    the template tag's), or nothing where the context has none."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'
