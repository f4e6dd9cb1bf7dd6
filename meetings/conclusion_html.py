"""A conclusion's body and its directives written in Python, with the markup
``meetings/_conclusion_body.html`` gave them (tests/meetings/test_conclusion_body.py
compares the two): the meeting page and the printable page show it, and the template
engine cost a lookup and a filter per value of each directive."""

from __future__ import annotations

import functools

from django.utils.html import conditional_escape
from django.utils.translation import get_language, gettext, gettext_noop

from giaoban.rowhtml import EMPTY, Dates, escape, lines
from meetings import richtext
from meetings.models import Conclusion

_SECTIONS = (
    ("assessment", gettext_noop("Assessment of the period")),
    ("shortcomings", gettext_noop("Shortcomings to fix")),
    ("orientation", gettext_noop("Orientation for the next period")),
)


@functools.lru_cache(maxsize=16)
def _labels(language: str | None) -> dict[str, str]:
    """The body's headings and words in ``language`` (the active one), escaped."""
    esc = conditional_escape
    return {
        **{name: esc(gettext(label)) for name, label in _SECTIONS},
        **{
            word: esc(gettext(word))
            for word in (
                gettext_noop("dated"),
                gettext_noop("Conclusion notice"),
                gettext_noop("No."),
                gettext_noop("All organizations"),
                gettext_noop("lead"),
                gettext_noop("compiles"),
                gettext_noop("Directives"),
                gettext_noop("Directive"),
                gettext_noop("Assignees"),
                gettext_noop("Due"),
                gettext_noop("Documents cited"),
                gettext_noop("No conclusion notice: recorded from the minutes of the meeting."),
            )
        },
    }


def conclusion_body_html(conclusion: Conclusion, directives) -> str:
    """The body of ``conclusion`` (with its ``cited``, read by the view) and its
    ``directives`` (each with its ``assignees``)."""
    words = _labels(get_language())
    date = Dates()
    parts = []
    if conclusion.notice_number:
        issued = f", {words['dated']} {date(conclusion.issued_on)}" if conclusion.issued_on else ""
        parts.append(
            f'<p class="mb-2">{words["Conclusion notice"]} {words["No."]} '
            f"{escape(conclusion.notice_number)}{issued}</p>"
        )
    elif conclusion.without_notice:
        absent = words["No conclusion notice: recorded from the minutes of the meeting."]
        parts.append(f'<p class="mb-2 no-notice">{absent}</p>')
    parts.append("\n")
    for name, _label in _SECTIONS:
        value = getattr(conclusion, name)
        if value:
            parts.append(
                f'<h3 class="section-title">{words[name]}</h3>'
                f'<div class="richtext">{richtext.shown(value)}</div>'
            )
        parts.append("\n")
    if directives:
        everyone = f"<div><em>{words['All organizations']}</em></div>"
        lead = f" ({words['lead']})"
        # A group's lead is the body that compiles and reports.
        compiles = f" ({words['compiles']})"
        parts.append(
            f'<h3 class="section-title">{words["Directives"]}</h3>\n'
            '<div class="table-responsive">\n'
            # On a phone each directive reads as a card (its cells labelled): four
            # columns left the assignees a word a line.
            '<table class="table table-sm align-top directives cards-on-phone">\n'
            f'<thead><tr><th scope="col">#</th><th scope="col">{words["Directive"]}</th>'
            f'<th scope="col">{words["Assignees"]}</th>'
            f'<th scope="col">{words["Due"]}</th></tr></thead>\n<tbody>\n'
        )
        for d in directives:
            assignees = [everyone] if d.to_all_organizations else []
            if d.group_name:
                assignees.append(f"<div><em>{escape(d.group_name)}</em></div>")
            for a in d.assignees:
                if a.is_lead:
                    role = compiles if d.group_name else lead
                    assignees.append(f"<div><strong>{escape(a.display_name)}</strong>{role}</div>")
                elif not d.to_all_organizations:
                    assignees.append(f"<div>{escape(a.display_name)}</div>")
            if d.due_date:
                due = date(d.due_date)
            elif d.due_period:
                due = escape(d.due_period.label)
            else:
                due = EMPTY
            parts.append(
                f"<tr>\n<td>{d.position}</td>\n<td>{lines(d.text)}</td>\n"
                f'<td data-label="{words["Assignees"]}">{"".join(assignees)}</td>\n'
                f'<td data-label="{words["Due"]}">{due}</td>\n</tr>\n'
            )
        parts.append("</tbody>\n</table>\n</div>\n")
    if conclusion.cited:
        labels = "; ".join(escape(c["label"]) for c in conclusion.cited)
        parts.append(
            f'<p class="small mb-0"><strong>{words["Documents cited"]}:</strong> {labels}</p>'
        )
    return "".join(parts)
