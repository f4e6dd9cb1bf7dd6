"""The dashboard's counts written in Python, with the markup its template loops gave
them: the chips of the totals by status, and the table of each organization's parts by
status (tests/tracking/test_dashboard_rows.py compares the two)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from giaoban.rowhtml import escape


def total_chips(totals, committee_pk: int) -> SafeString:
    """A link to the board for each status (``totals``: its members and counts)."""
    esc = conditional_escape
    board = esc(reverse("tracking:board"))
    return mark_safe(
        "".join(
            f'<a class="count-chip status-{esc(status.value)}" '
            f'href="{board}?committee={committee_pk}&amp;status={esc(status.value)}">'
            f"<strong>{n}</strong> {esc(status.label)}</a>"
            for status, n in totals
        )
    )


def status_table(statuses, table) -> SafeString:
    """The head and body of the table of parts by status and organization (``table``:
    the dashboard's rows of names, counts, totals and on-time rates)."""
    esc = conditional_escape
    head = (
        f"<thead><tr><th>{esc(gettext('Organization'))}</th>"
        + "".join(f'<th class="text-end">{esc(status.label)}</th>' for status in statuses)
        + f'<th class="text-end">{esc(gettext("Total"))}</th>'
        f'<th class="text-end">{esc(gettext("On time"))}</th></tr></thead>'
    )
    rows = [
        f"<tr><td>{escape(row['name'])}</td>"
        + "".join(f'<td class="text-end">{n}</td>' for n in row["counts"])
        + f'<td class="text-end fw-semibold">{row["total"]}</td>'
        f'<td class="text-end">{rate(row["rate"])}</td></tr>'
        for row in table
    ]
    if not rows:
        rows = [
            f'<tr><td colspan="9" class="text-body-secondary">'
            f"{esc(gettext('No directive yet.'))}</td></tr>"
        ]
    return mark_safe(f"{head}\n<tbody>{''.join(rows)}</tbody>")


def rate(value: float | None) -> str:
    """``{% widthratio value 1 100 %}%``, or a dash when nothing was due."""
    if value is None:
        return "–"
    return f"{round(float(value) / 1.0 * 100)}%"
