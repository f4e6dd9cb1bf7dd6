"""A conclusion's body and its directives written in Python, with the markup
``meetings/_conclusion_body.html`` gave them (tests/meetings/test_conclusion_body.py
compares the two): the meeting page and the printable page show it, and the template
engine cost a lookup and a filter per value of each directive."""

from __future__ import annotations

from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape
from django.utils.translation import gettext, gettext_noop

from giaoban.rowhtml import EMPTY, Dates, escape
from meetings import richtext
from meetings.models import Conclusion

_SECTIONS = (
    ("assessment", gettext_noop("Assessment of the period")),
    ("shortcomings", gettext_noop("Shortcomings to fix")),
    ("orientation", gettext_noop("Orientation for the next period")),
)


def conclusion_body_html(conclusion: Conclusion, directives) -> str:
    """The body of ``conclusion`` (with its ``cited``, read by the view) and its
    ``directives`` (each with its ``assignees``)."""
    esc = conditional_escape
    date = Dates()
    parts = []
    if conclusion.notice_number:
        issued = (
            f", {esc(gettext('dated'))} {date(conclusion.issued_on)}"
            if conclusion.issued_on
            else ""
        )
        parts.append(
            f'<p class="mb-2">{esc(gettext("Conclusion notice"))} {esc(gettext("No."))} '
            f"{escape(conclusion.notice_number)}{issued}</p>"
        )
    parts.append("\n")
    for name, label in _SECTIONS:
        value = getattr(conclusion, name)
        if value:
            parts.append(
                f'<h3 class="section-title">{esc(gettext(label))}</h3>'
                f'<div class="richtext">{richtext.shown(value)}</div>'
            )
        parts.append("\n")
    if directives:
        everyone = f"<div><em>{esc(gettext('All organizations'))}</em></div>"
        lead = f" ({esc(gettext('lead'))})"
        parts.append(
            f'<h3 class="section-title">{esc(gettext("Directives"))}</h3>\n'
            '<div class="table-responsive">\n'
            '<table class="table table-sm align-top directives">\n'
            f'<thead><tr><th scope="col">#</th><th scope="col">{esc(gettext("Directive"))}</th>'
            f'<th scope="col">{esc(gettext("Assignees"))}</th>'
            f'<th scope="col">{esc(gettext("Due"))}</th></tr></thead>\n<tbody>\n'
        )
        for d in directives:
            assignees = [everyone] if d.to_all_organizations else []
            for a in d.assignees:
                if a.is_lead:
                    assignees.append(f"<div><strong>{escape(a.display_name)}</strong>{lead}</div>")
                elif not d.to_all_organizations:
                    assignees.append(f"<div>{escape(a.display_name)}</div>")
            if d.due_date:
                due = date(d.due_date)
            elif d.due_period:
                due = escape(d.due_period.label)
            else:
                due = EMPTY
            parts.append(
                f"<tr>\n<td>{d.position}</td>\n<td>{linebreaksbr(d.text, autoescape=True)}</td>\n"
                f"<td>{''.join(assignees)}</td>\n<td>{due}</td>\n</tr>\n"
            )
        parts.append("</tbody>\n</table>\n</div>\n")
    if conclusion.cited:
        labels = "; ".join(escape(c["label"]) for c in conclusion.cited)
        parts.append(
            f'<p class="small mb-0"><strong>{esc(gettext("Documents cited"))}:</strong> '
            f"{labels}</p>"
        )
    return "".join(parts)
