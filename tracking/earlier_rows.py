"""The rows about earlier directives on the two forms, written in Python with the markup
their template loops gave them (tests/tracking/test_earlier_rows.py compares the two,
character for character): on the report form, each unfinished directive of the
organization with what it reports on it; on the conclusion form, each unfinished
directive of earlier conclusions with what the conclusion does with it. What the rows
share (the translations, the periods' labels, the date format) is resolved once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.template.defaultfilters import date, linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

from giaoban.fieldhtml import OptionLists, row_field, row_widget
from meetings.periods import Period
from tracking.models import Status
from tracking.services import assignments_of


@dataclass(frozen=True, slots=True)
class EarlierRow:
    """What the conclusion form shows of an earlier unfinished directive: read as plain
    values for a page only opened (``tracking.conclusion_views.earlier_shown``: four model
    objects a row cost the page more than the rest of its earlier directives), or taken
    from a directive read whole (``of``) where the save needs the directives."""

    pk: int
    text: str
    deadline: dt.date | None
    closed_here: bool
    period_year: int
    period_kind: str
    # Its committee's name where that committee has a successor (a predecessor's
    # directive, followed up by its successor, says whose it was); else None.
    predecessor: str | None
    assignees: tuple[str, ...]  # the organizations' names, the lead first

    @classmethod
    def of(cls, directive) -> EarlierRow:
        """The row of a directive read with its conclusion, meeting and committee and its
        assignments (``tracking.conclusion_views.EARLIER``)."""
        meeting = directive.conclusion.meeting
        committee = meeting.committee
        return cls(
            pk=directive.pk,
            text=directive.text,
            deadline=directive.deadline,
            closed_here=directive.closed_here,
            period_year=meeting.period_year,
            period_kind=meeting.period_kind,
            predecessor=committee.name if committee.successor_id else None,
            assignees=tuple(a.organization.name for a in assignments_of(directive)),
        )


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
        # A predecessor's directive, followed up by its successor, says whose it was (its
        # committee is read with it where the page follows predecessors up).
        predecessor = (
            meeting.committee.name
            if type(meeting).committee.is_cached(meeting) and meeting.committee.successor_id
            else None
        )
        return self.text(meeting.period_year, meeting.period_kind, predecessor, directive.deadline)

    def text(self, year: int, kind: str, predecessor: str | None, deadline) -> str:
        key = (year, kind)
        period = self.periods.get(key)
        if period is None:
            period = self.periods[key] = conditional_escape(Period(year, kind).label)
        text = self.given % {"period": period}
        if predecessor is not None:
            text += f" {self.of} {conditional_escape(predecessor)}"
        if deadline:
            text += f" · {self.due} {conditional_escape(date(deadline, 'SHORT_DATE_FORMAT'))}"
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
    """The conclusion form's ``(form, EarlierRow)`` rows: the directive, where and when it
    was given, its assignees, and what this conclusion does with it."""
    origin = Origins()
    written = []
    for form, row in rows:
        assignees = ", ".join(conditional_escape(name) for name in row.assignees)
        given = origin.text(row.period_year, row.period_kind, row.predecessor, row.deadline)
        written.append(
            '\n<div class="formset-row">'
            f"\n{row_widget(form, 'directive')}"
            f'\n<p class="mb-1">{linebreaksbr(row.text, autoescape=True)}</p>'
            f'\n<p class="small text-body-secondary mb-2">{given} · {assignees}</p>'
            f'\n<div class="col-md-6">{row_field(form, "action", options)}</div>'
            "\n</div>\n"
        )
    return SafeString("".join(written))
