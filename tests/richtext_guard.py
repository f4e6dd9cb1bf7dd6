"""Rich text is cleaned once, when saved; ``|richtext`` only marks it safe
(meetings/templatetags/meetings_tags.py). The tests check that every writer cleaned it.

``install`` puts a checking version of the filter in the tag library before any template
is compiled (and of ``richtext.shown``, which the filter and the bodies written in Python
call): given a value that ``richtext.clean`` would change (a writer that stored
uncleaned text: a form, a service, an importer, demo or generated data, or a test's own
setting up), it records the value and shows it cleaned; the autouse fixture
``rich_text_cleaned_when_saved`` (tests/conftest.py) fails the test with what was
recorded. A test's own data that it means to be unsafe must go through the services.
"""

from __future__ import annotations

from django.utils.safestring import mark_safe

from meetings import richtext
from meetings.templatetags import meetings_tags

failures: list[str] = []


def checked(value: str | None) -> str:
    stored = value or ""
    cleaned = richtext.clean(stored).html
    if cleaned != stored:
        failures.append(
            "Rich text shown was not cleaned when saved (richtext.clean in its service):\n"
            f"  stored:  {stored[:300]!r}\n  cleaned: {cleaned[:300]!r}"
        )
    return cleaned


def checked_richtext(value: str) -> str:
    return mark_safe(checked(value))  # noqa: S308 (sanitised by checked)


def install() -> None:
    meetings_tags.register.filters["richtext"] = checked_richtext
    richtext.shown = checked_richtext  # the bodies written in Python (meetings/report_html.py)
    richtext.stored = checked  # the editors of forms opened on stored text


def start() -> None:
    failures.clear()


def stop() -> list[str]:
    found = list(failures)
    failures.clear()
    return found
