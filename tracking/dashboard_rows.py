"""The dashboard's counts written in Python, with the markup its template loops gave
them: the chips of the totals by status, and the table of each organization's parts by
status (tests/tracking/test_dashboard_rows.py compares the two)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

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
    the dashboard's rows of names, counts, totals, on-time and late rates, and the
    address of each organization's overdue directives on the board). Each cell carries
    its column's name (``data-label``): below 576 px a row reads as a card."""
    esc = conditional_escape
    labels = [
        esc(gettext("Organization")),
        *(esc(status.label) for status in statuses),
        esc(gettext("Total")),
        esc(gettext("On time")),
        esc(gettext("Late share")),
    ]
    head = (
        f"<thead><tr><th>{labels[0]}</th>"
        + "".join(f'<th class="text-end">{label}</th>' for label in labels[1:])
        + "</tr></thead>"
    )
    counted = labels[1 : 1 + len(statuses)]
    total, on_time, late = labels[-3:]
    rows = [
        f'<tr><th scope="row" data-label="{labels[0]}">'
        f'<a href="{esc(row["overdue_url"])}">{escape(row["name"])}</a></th>'
        + "".join(
            f'<td class="text-end" data-label="{label}">{n}</td>'
            for label, n in zip(counted, row["counts"], strict=True)
        )
        + f'<td class="text-end fw-semibold" data-label="{total}">{row["total"]}</td>'
        f'<td class="text-end" data-label="{on_time}">{rate(row["rate"])}</td>'
        f'<td class="text-end" data-label="{late}">{rate(row["late"])}</td></tr>'
        for row in table
    ]
    if not rows:
        rows = [
            f'<tr><td colspan="{len(labels)}" class="text-body-secondary">'
            f"{esc(gettext('No directive yet.'))}</td></tr>"
        ]
    return mark_safe(f"{head}\n<tbody>{''.join(rows)}</tbody>")


def lagging_list(table, count: int = 5) -> SafeString:
    """The organizations that lag most (the first ``count`` of the ranked ``table`` with
    a directive overdue or done late), each linking to its overdue directives."""
    esc = conditional_escape
    items = [
        f'<li><a href="{esc(row["overdue_url"])}">{escape(row["name"])}</a> '
        f'<span class="late fw-semibold">{esc(overdue_count(row["overdue"]))}</span>'
        f'<span class="text-body-secondary"> · {esc(late_share(row["late"]))}</span></li>'
        for row in table
        if row["overdue"] or row["late"]
    ][:count]
    if not items:
        return mark_safe(
            f'<p class="text-body-secondary mb-0">{esc(gettext("No organization lags."))}</p>'
        )
    return mark_safe(f'<ol class="lagging mb-0">{"".join(items)}</ol>')


def overdue_count(n: int) -> str:
    return ngettext("%(count)d overdue", "%(count)d overdue", n) % {"count": n}


def late_share(value: float | None) -> str:
    return gettext("%(rate)s late") % {"rate": rate(value)}


def rate(value: float | None) -> str:
    """``{% widthratio value 1 100 %}%``, or a dash when nothing was due."""
    if value is None:
        return "–"
    return f"{round(float(value) / 1.0 * 100)}%"
