"""A report's body written in Python, with the markup ``meetings/_report_body.html`` gave
it (tests/meetings/test_report_cards.py compares the two): the meeting page and the
printable page show one per report, and each, rendered by the template engine, cost a
``render_to_string`` and a lookup and a filter per value."""

from __future__ import annotations

import functools

from django.template.defaultfilters import date as date_filter
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name, template_localtime
from django.utils.translation import get_language, gettext, gettext_noop

from giaoban.rowhtml import escape, lines
from meetings import richtext
from meetings.models import Disposition, Report

_SECTIONS = (
    ("results", gettext_noop("Results achieved")),
    ("shortcomings", gettext_noop("Shortcomings and limitations")),
    ("difficulties", gettext_noop("Difficulties and obstacles")),
    ("next_tasks", gettext_noop("Key tasks for the next period")),
)


@functools.lru_cache(maxsize=4096)
def _formatted(value, language: str | None, zone: str) -> str:
    # Each moment formatted once per language and time zone, not on every page.
    return conditional_escape(date_filter(template_localtime(value), "SHORT_DATETIME_FORMAT"))


@functools.lru_cache(maxsize=16)
def _labels(language: str | None) -> dict[str, str]:
    """The body's headings and words in ``language`` (the active one), escaped."""
    esc = conditional_escape
    return {
        **{name: esc(gettext(label)) for name, label in _SECTIONS},
        "to": esc(gettext("to")),
        "proposals": esc(gettext("Proposals")),
        "dispositions": {value: esc(label) for value, label in Disposition.choices},
        "cited": esc(gettext("Documents cited")),
        # {% blocktranslate %}: its message is not escaped, its values are.
        "submitted": gettext("Submitted by %(who)s at %(when)s."),
        "sent": gettext("Sent on %(day)s; entered by %(who)s on behalf of the organization."),
        "accepted": gettext("Accepted by %(who)s at %(when)s."),
    }


def report_body_html(report: Report, *, language=None, zone=None) -> str:
    """The body of ``report`` (with its ``shown_proposals`` and ``cited``, read by the
    view): its sections, proposals and their answers, the documents it cites, who sent and
    who accepted it. ``language`` and ``zone``: the active ones, if the caller knows them."""
    language = language or get_language()
    zone = zone or get_current_timezone_name()
    labels = _labels(language)
    parts = []
    for name, _label in _SECTIONS:
        value = getattr(report, name)
        if value:
            parts.append(
                f'<h4 class="section-title">{labels[name]}</h4>'
                f'<div class="richtext">{richtext.shown(value)}</div>\n'
            )
    proposals = report.shown_proposals
    if proposals:
        to = labels["to"]
        parts.append(f'<h4 class="section-title">{labels["proposals"]}</h4>\n')
        parts.append('<ol class="proposals">\n')
        for p in proposals:
            addressed = (
                f' <span class="text-body-secondary">({to} {escape(p.addressed_to)})</span>'
                if p.addressed_to
                else ""
            )
            parts.append(
                f"<li>{lines(p.text)}{addressed}\n"
                f'<div class="small">{proposal_answer(p, language)}</div></li>\n'
            )
        parts.append("</ol>\n")
    if report.cited:
        cited = "; ".join(escape(c["label"]) for c in report.cited)
        parts.append(f'<p class="small mb-1"><strong>{labels["cited"]}:</strong> {cited}</p>\n')
    signed = []
    if report.submitted_at and report.sent_on:
        signed.append(
            labels["sent"]
            % {
                "day": conditional_escape(date_filter(report.sent_on, "SHORT_DATE_FORMAT")),
                "who": _name(report.submitted_by),
            }
        )
    elif report.submitted_at:
        signed.append(
            labels["submitted"]
            % {
                "who": _name(report.submitted_by),
                "when": _formatted(report.submitted_at, language, zone),
            }
        )
    signed.append("\n")
    if report.accepted_at:
        signed.append(
            labels["accepted"]
            % {
                "who": _name(report.accepted_by),
                "when": _formatted(report.accepted_at, language, zone),
            }
        )
    parts.append(f'<p class="small text-body-secondary mb-0">{"".join(signed)}</p>\n')
    return "".join(parts)


def _name(user) -> str:
    return escape(user.get_full_name()) if user else ""


def proposal_answer(proposal, language: str | None = None) -> SafeString:
    """How a proposal was answered: its disposition, the body it was referred to, the
    answer. ``language``: the active one, if the caller knows it."""
    value = proposal.disposition
    # get_disposition_display(), without building the dict of choices at each call.
    shown = _labels(language or get_language())["dispositions"].get(value) or escape(value)
    html = f'<span class="status status-{escape(value)}">{shown}</span>'
    if proposal.referred_to:
        html += f" {escape(proposal.referred_to)}"
    if proposal.response:
        html += f": {lines(proposal.response)}"
    return mark_safe(html)  # noqa: S308 (every value escaped above)
