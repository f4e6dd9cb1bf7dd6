"""The rows about earlier directives on the two forms, written in Python with the markup
their template loops gave them (tests/tracking/test_earlier_rows.py compares the two,
character for character): on the report form, each unfinished directive of the
organization with what it reports on it; on the conclusion form, each unfinished
directive of earlier conclusions with what the conclusion does with it. What the rows
share (the translations, the periods' labels, the date format) is resolved once."""

from __future__ import annotations

from collections.abc import Iterable

from django.template.defaultfilters import date, linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

from giaoban.fieldhtml import OptionLists, row_field, row_widget
from tracking.models import Status
from tracking.services import assignments_of


class Origins:
    """``Given at the meeting of …[ · due …]`` of a directive, as the templates wrote it
    (``{% blocktranslate %}``, ``{% translate "due" %}``, ``|date:"SHORT_DATE_FORMAT"``)."""

    def __init__(self) -> None:
        self.given = gettext("Given at the meeting of %(period)s")
        self.due = conditional_escape(gettext("due"))
        self.of = conditional_escape(pgettext("given at the meeting … of a committee", "of"))
        self.periods: dict[tuple[int, str], str] = {}

    def __call__(self, directive) -> str:
        meeting = directive.conclusion.meeting
        key = (meeting.period_year, meeting.period_kind)
        period = self.periods.get(key)
        if period is None:
            period = self.periods[key] = conditional_escape(meeting.period.label)
        text = self.given % {"period": period}
        # A predecessor's directive, followed up by its successor, says whose it was (its
        # committee is read with it where the page follows predecessors up).
        if type(meeting).committee.is_cached(meeting) and meeting.committee.successor_id:
            text += f" {self.of} {conditional_escape(meeting.committee.name)}"
        if directive.deadline:
            deadline = conditional_escape(date(directive.deadline, "SHORT_DATE_FORMAT"))
            text += f" · {self.due} {deadline}"
        return text


def follow_up_rows(rows: Iterable, today, options: OptionLists) -> SafeString:
    """The report form's ``(form, part)`` rows: the directive, where and when it was given,
    its part's status today, and the fields of what is reported."""
    origin = Origins()
    written = []
    for form, part in rows:
        status = Status(part.status_on(today))
        written.append(
            '\n<div class="formset-row followup">'
            f"\n{row_widget(form, 'assignment')}{row_widget(form, 'version')}"
            f'\n<p class="mb-1">{linebreaksbr(part.directive.text, autoescape=True)}</p>'
            f'\n<p class="small text-body-secondary mb-2">{origin(part.directive)} · '
            f'<span class="status status-{conditional_escape(status.value)}">'
            f"{conditional_escape(status.label)}</span></p>"
            '\n<div class="row">'
            f'\n<div class="col-md-4">{row_field(form, "progress", options)}</div>'
            f'\n<div class="col-md-3">{row_field(form, "completed_on", options)}</div>'
            f'\n<div class="col-md-5">{row_field(form, "note", options)}</div>'
            "\n</div>\n</div>\n"
        )
    return SafeString("".join(written))


def earlier_directive_rows(rows: Iterable, options: OptionLists) -> SafeString:
    """The conclusion form's ``(form, directive)`` rows: the directive, where and when it
    was given, its assignees, and what this conclusion does with it."""
    origin = Origins()
    written = []
    for form, directive in rows:
        assignees = ", ".join(
            conditional_escape(a.organization.name) for a in assignments_of(directive)
        )
        written.append(
            '\n<div class="formset-row">'
            f"\n{row_widget(form, 'directive')}"
            f'\n<p class="mb-1">{linebreaksbr(directive.text, autoescape=True)}</p>'
            f'\n<p class="small text-body-secondary mb-2">{origin(directive)} · {assignees}</p>'
            f'\n<div class="col-md-6">{row_field(form, "action", options)}</div>'
            "\n</div>\n"
        )
    return SafeString("".join(written))
