"""The rows of directives' parts written in Python, with the markup their templates gave
them: the directive board's, the overdue ones of the dashboard, and the recent
directives of an organization's page.

Each row is a few escaped string joins; what the rows share (translations, status
labels, period labels, the date format, the directive's address) is resolved once per
page (giaoban/rowhtml.py). tests/tracking/test_board_rows.py compares the markup
with the templates'.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.forms import Form
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

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

    def link(self, directive_id: int, text: str, count: int) -> str:
        """The link to a directive, its text cut to ``count`` words."""
        return f'<a href="{self.before}{directive_id}{self.after}">{escape(words(text, count))}</a>'


def recent_directive_rows(parts: Iterable) -> SafeString:
    """The ``<tr>`` of each part on its organization's page
    (``tracking.queries.RecentDirective``)."""
    shared = Shared()
    return mark_safe(
        "".join(
            f"<tr><td>{shared.link(part.directive_id, part.text, 16)}</td>"
            f'<td class="text-nowrap">{shared.period(part.period)}</td>'
            f"<td>{shared.status(part.status)}</td></tr>"
            for part in parts
        )
    )


def overdue_rows(parts: Iterable) -> SafeString:
    """The ``<tr>`` of each overdue part on the dashboard (``tracking.views.OverduePart``)."""
    shared = Shared()
    return mark_safe(
        "".join(
            f"<tr><td>{shared.link(part.directive_id, part.text, 14)}</td>"
            f"<td>{escape(part.assignee)}</td>"
            f'<td class="text-end late">{part.days_late}</td></tr>'
            for part in parts
        )
    )


def board_rows(parts: Iterable, *, bulk: bool, selected: set[int]) -> SafeString:
    """The ``<tr>`` of each part (``tracking.queries.BoardRow``), with its selection box
    when staff may update in bulk; a single row saying so when there is none."""
    esc = conditional_escape
    select = esc(gettext("Select"))
    forgotten = f' <span class="badge text-bg-warning">{esc(gettext("forgotten"))}</span>'
    lead = f' <span class="text-body-secondary small">({esc(gettext("lead"))})</span>'
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
                f'\n<td><input class="form-check-input" type="checkbox" name="selected"{first} '
                f'value="{part.pk}"{checked} aria-label="{select}: '
                f'{escape(words(text, 8))}">'
                f'<input type="hidden" name="version-{part.pk}" value="{part.version}"></td>'
            )
        rows.append(
            f"\n<tr>{box}"
            f"\n<td>{shared.link(part.directive_id, text, 30)}"
            f"{forgotten if part.forgotten else ''}</td>"
            f"\n<td>{escape(part.organization)}{lead if part.is_lead else ''}</td>"
            f'\n<td class="text-nowrap">{shared.period(part.period)}</td>'
            f'\n<td class="text-nowrap">{date(part.deadline)}</td>'
            f"\n<td>{shared.status(part.status)}</td>"
            f'\n<td class="text-nowrap small">{date(part.progress_at)}</td>'
            "\n</tr>"
        )
    if not rows:
        return mark_safe(
            f'\n<tr><td colspan="7" class="text-body-secondary">'
            f"{esc(gettext('No directive matches.'))}</td></tr>"
        )
    return mark_safe("".join(rows))


def board_chips(counts, query: str) -> SafeString:
    """A link to the board filtered by each status, with its count (``counts``: the
    status members and their numbers; ``query``: the board's other filters, urlencoded)."""
    esc = conditional_escape
    before = f"?{esc(query)}&amp;status="
    return mark_safe(
        "".join(
            f'<a class="count-chip status-{esc(status.value)}" href="{before}{esc(status.value)}">'
            f"<strong>{n}</strong> {esc(status.label)}</a>"
            for status, n in counts
        )
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
