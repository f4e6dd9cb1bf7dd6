"""The rows of directives' parts written in Python, with the markup their templates gave
them: the directive board's, the overdue ones of the dashboard, and the recent
directives of an organization's page.

Each row is a few escaped string joins; what the rows share (translations, status
labels, period labels, the date format, the directive's address) is resolved once per
page (giaoban/rowhtml.py). tests/tracking/test_board_rows.py compares the markup
with the templates'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.forms import Form
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from giaoban.fieldhtml import OptionLists, widget_html
from giaoban.rowhtml import Dates, address, escape, words
from tracking.models import Status


class Shared:
    """What the rows of one page share, each found once: the status and period labels,
    and the directive's address around its id."""

    def __init__(self) -> None:
        self.statuses: dict[str, str] = {}
        self.periods: dict[object, str] = {}
        self.before, self.after = address("tracking:directive")
        self.item = gettext("Item %(number)s")
        self.notice = gettext("Notice %(number)s")

    def status(self, value: str) -> str:
        """``<span class="status status-…">label</span>``."""
        shown = self.statuses.get(value)
        if shown is None:
            member = Status(value)
            esc = conditional_escape
            shown = f'<span class="status status-{esc(member.value)}">{esc(member.label)}</span>'
            self.statuses[value] = shown
        return shown

    def period(self, period) -> str:
        """The label of ``period``, escaped."""
        shown = self.periods.get(period)
        if shown is None:
            shown = self.periods[period] = conditional_escape(period.label)
        return shown

    def identity(self, position: int, notice: str, period) -> str:
        """The directive's short identity, on a line of its own under its text:
        "Mục 3 · TB 45-TB/TU · Quý II/2024" (its number in its notice, the notice's
        number when given, the period of the meeting that gave it)."""
        shown = [escape(self.item % {"number": position})]
        if notice:
            shown.append(escape(self.notice % {"number": notice}))
        if period is not None:
            shown.append(self.period(period))
        return f'<span class="directive-id">{" · ".join(shown)}</span>'

    def link(self, directive_id: int, text: str, count: int) -> str:
        """The link to a directive, its text cut to ``count`` words."""
        return f'<a href="{self.before}{directive_id}{self.after}">{escape(words(text, count))}</a>'


def recent_directive_rows(parts: Iterable) -> SafeString:
    """The ``<tr>`` of each part on its organization's page
    (``tracking.queries.RecentDirective``)."""
    shared = Shared()
    return mark_safe(
        "".join(
            f"<tr><td>{shared.link(part.directive_id, part.text, 16)}"
            f"{shared.identity(part.position, part.notice, None)}</td>"
            f'<td class="text-nowrap">{shared.period(part.period)}</td>'
            f"<td>{shared.status(part.status)}</td></tr>"
            for part in parts
        )
    )


def overdue_rows(parts: Iterable) -> SafeString:
    """The ``<tr>`` of each overdue part on the dashboard (``tracking.views.OverduePart``)."""
    shared = Shared()
    assignee = conditional_escape(gettext("Assignee"))
    days = conditional_escape(gettext("Days late"))
    return mark_safe(
        "".join(
            f"<tr><td>{shared.link(part.directive_id, part.text, 14)}"
            f"{shared.identity(part.position, part.notice, part.period)}</td>"
            f'<td data-label="{assignee}">{escape(part.assignee)}</td>'
            f'<td class="text-end late" data-label="{days}">{part.days_late}</td></tr>'
            for part in parts
        )
    )


def board_rows(
    parts: Iterable, *, bulk: bool, selected: set[int], today: dt.date | None = None
) -> SafeString:
    """The ``<tr>`` of each part (``tracking.queries.BoardRow``), with its selection box
    when staff may update in bulk; a single row saying so when there is none. Each
    directive shows its identity (``Shared.identity``), each overdue part its days past
    the deadline (on ``today``), each cell its column's name (``data-label``: below
    576 px a row reads as a card)."""
    esc = conditional_escape
    select = esc(gettext("Select"))
    forgotten = f' <span class="badge text-bg-warning">{esc(gettext("forgotten"))}</span>'
    lead = f' <span class="text-body-secondary small">({esc(gettext("lead"))})</span>'
    compiles = f' <span class="text-body-secondary small">({esc(gettext("compiles"))})</span>'
    labels = {
        name: f' data-label="{esc(label)}"'
        for name, label in (
            ("assignee", gettext("Assignee")),
            ("deadline", gettext("Deadline")),
            ("status", gettext("Status")),
            ("update", gettext("Last update")),
        )
    }
    shared = Shared()
    date = Dates()
    rows = []
    for part in parts:
        text = part.text
        box = ""
        if bulk:
            checked = " checked" if part.pk in selected else ""
            # The first box is where the error summary's "select a directive" leads.
            first = "" if rows else ' id="id_selected"'
            box = (
                f'\n<td class="board-select"><input class="form-check-input" type="checkbox" '
                f'name="selected"{first} value="{part.pk}"{checked} aria-label="{select}: '
                f'{escape(words(text, 8))}">'
                f'<input type="hidden" name="version-{part.pk}" value="{part.version}"></td>'
            )
        days = part.days_overdue(today) if today is not None else None
        late = ""
        if days is not None:
            shown = ngettext("%(days)d day overdue", "%(days)d days overdue", days)
            late = f'<span class="days-overdue">{esc(shown % {"days": days})}</span>'
        rows.append(
            f"\n<tr>{box}"
            f'\n<td class="board-directive">{shared.link(part.directive_id, text, 30)}'
            f"{forgotten if part.forgotten else ''}"
            f"{shared.identity(part.position, part.notice, part.period)}</td>"
            f"\n<td{labels['assignee']}>{escape(part.organization)}"
            f"{(compiles if part.compiles else lead) if part.is_lead else ''}</td>"
            f'\n<td class="text-nowrap"{labels["deadline"]}>{date(part.deadline)}</td>'
            f"\n<td{labels['status']}>{shared.status(part.status)}{late}</td>"
            f'\n<td class="text-nowrap small"{labels["update"]}>{date(part.progress_at)}</td>'
            "\n</tr>"
        )
    if not rows:
        return mark_safe(
            f'\n<tr><td colspan="6" class="text-body-secondary">'
            f"{esc(gettext('No directive matches.'))}</td></tr>"
        )
    return mark_safe("".join(rows))


def board_chips(counts, query: str, current: str = "") -> SafeString:
    """A link to the board filtered by each status, with its count (``counts``: the
    status members and their numbers; ``query``: the board's other filters, urlencoded);
    the one of the ``current`` status filter marked (``aria-current``, ``active``)."""
    esc = conditional_escape
    before = f"?{esc(query)}&amp;status="
    return mark_safe(
        "".join(
            f'<a class="count-chip status-{esc(status.value)}'
            + (' active" aria-current="true"' if status.value == current else '"')
            + f' href="{before}{esc(status.value)}">'
            f"<strong>{n}</strong> {esc(status.label)}</a>"
            for status, n in counts
        )
    )


def board_head(query: str, current: str, *, bulk: bool) -> SafeString:
    """The board's column heads; those it sorts by link to the board sorted by them
    (``query``: its filters but the sort and the page, urlencoded), again in the other
    direction when it has one; the head it is sorted by says so (``aria-sort``)."""
    esc = conditional_escape
    before = f"?{esc(query)}&amp;sort=" if query else "?sort="

    def link(label: str, sort: str, arrow: str = "") -> str:
        mark = f' <span aria-hidden="true">{arrow}</span>' if arrow else ""
        return f'<a class="sort-link" href="{before}{esc(sort)}">{esc(label)}{mark}</a>'

    def head(label: str, ascending: str, descending: str = "", extra: str = "") -> str:
        if current == ascending:
            aria, arrow, then = ' aria-sort="ascending"', "▲", descending or ascending
        elif descending and current == descending:
            aria, arrow, then = ' aria-sort="descending"', "▼", ascending
        else:
            aria, arrow, then = "", "", ascending
        return f'<th scope="col"{aria}>{link(label, then, arrow)}{extra}</th>'

    overdue = current == "overdue"
    status = head(
        gettext("Status"),
        "status",
        extra=" <br>"
        + link(gettext("Days overdue"), "overdue", "▼" if overdue else "").replace(
            'class="sort-link"', 'class="sort-link small"'
        ),
    )
    if overdue:  # the longest overdue first
        status = status.replace('<th scope="col">', '<th scope="col" aria-sort="descending">', 1)
    select = (
        f'<th scope="col"><span class="visually-hidden">{esc(gettext("Select"))}</span></th>'
        if bulk
        else ""
    )
    return mark_safe(
        f"<tr>{select}"
        f'<th scope="col">{esc(gettext("Directive"))}</th>'
        + head(gettext("Assignee"), "organization")
        + head(gettext("Deadline"), "deadline", "-deadline")
        + status
        + f'<th scope="col">{esc(gettext("Last update"))}</th></tr>'
    )


# The fields of the board's filter whose choices are one object per process and language
# (``tracking.forms.FixedChoices``: the statuses, the sorts, a committee's periods): their
# options are rendered once, for every page and thread alike, as long as they are given
# that same object (others are rendered again); only the selected value is marked per
# page. By language: their labels are translated when rendered.
FIXED_CHOICES = frozenset({"status", "origin", "sort"})
_OPTIONS: dict[str | None, OptionLists] = {}


def filter_fields(form: Form, columns) -> SafeString:
    """``{% labelled_widgets %}`` (giaoban/fieldhtml.py) for the board's filter: each of
    ``columns`` (``(name, css)``) in its column with its label, one a line."""
    language = get_language()
    shared = _OPTIONS.get(language)
    if shared is None:
        shared = _OPTIONS[language] = OptionLists()
    return mark_safe(
        "\n".join(
            f'<div class="{escape(css)}"><label class="form-label" for="id_{escape(name)}">'
            f"{conditional_escape(bf.label)}</label>"
            f"{widget_html(bf, options=shared if name in FIXED_CHOICES else None)}</div>"
            for name, css in columns
            for bf in (form[name],)
        )
    )
