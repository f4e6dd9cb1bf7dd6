"""The search results written in Python, with the markup the template loop of
``search/results.html`` gave them (tests/search/test_result_rows.py compares the two);
what the rows share (the kinds' and sections' labels, the translations, the date format,
the addresses) is resolved once per page (giaoban/rowhtml.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from giaoban.rowhtml import Dates, address, escape
from search.models import MEETING_ANCHORS, Kind
from tracking.board_rows import Shared

_NUMBERED = (Kind.PROPOSAL, Kind.DIRECTIVE, Kind.STATEMENT)


def result_rows(entries: Iterable) -> SafeString:
    """The ``<li>`` of each entry (with its ``snippet``, ``organization_name`` and its
    meeting and committee); a directive's with its identity ("Mục 3 · TB 45-TB/TU ·
    Quý II/2024": ``tracking.board_rows.Shared.identity``, with its ``notice_number``)."""
    esc = conditional_escape
    kinds = {value: esc(label) for value, label in Kind.choices}
    sections: dict[tuple[str, str], str] = {}
    titles: dict[int, str] = {}
    draft = f' · <span class="status status-draft">{esc(gettext("Draft"))}</span>'
    date = Dates()
    before, after = address("meetings:detail")
    directive_before, directive_after = address("tracking:directive")
    shared = Shared()
    rows = []
    for entry in entries:
        kind = entry.kind
        section = sections.get((kind, entry.section))
        if section is None:
            section = sections[kind, entry.section] = esc(capfirst(entry.section_label))
        meeting = entry.meeting
        title = titles.get(meeting.pk)
        if title is None:
            title = titles[meeting.pk] = esc(meeting.display_title)
        if kind == Kind.DIRECTIVE and entry.is_public:
            url = f"{directive_before}{entry.source_id}{directive_after}"
        elif kind in (Kind.CONCLUSION, Kind.DIRECTIVE):
            url = f"{before}{entry.meeting_id}{after}#conclusion"
        elif kind in MEETING_ANCHORS:
            url = f"{before}{entry.meeting_id}{after}{MEETING_ANCHORS[kind]}"
        else:
            url = f"{before}{entry.meeting_id}{after}#report-{entry.organization_id}"
        held = f" · {date(meeting.held_on)}" if meeting.held_on else ""
        identity = (
            shared.identity(entry.position, getattr(entry, "notice_number", ""), meeting.period)
            if kind == Kind.DIRECTIVE
            else ""
        )
        rows.append(
            '\n<li class="card mb-2">\n<div class="card-body">\n'
            '<div class="small text-body-secondary mb-1">\n'
            f'<span class="badge text-bg-light">{kinds.get(kind) or escape(kind)}</span>\n'
            f"{section}{f' {entry.position}' if kind in _NUMBERED else ''}"
            f"{f' · {escape(entry.organization_name)}' if entry.organization_name else ''}"
            f"{'' if entry.is_public else draft}{identity}\n</div>\n"
            f'<p class="mb-1 search-snippet">{esc(entry.snippet)}</p>\n'
            f'<a href="{url}">{title}</a>\n'
            f'<span class="small text-body-secondary">· {escape(meeting.committee.name)}'
            f"{held}</span>\n</div>\n</li>"
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value escaped above)
