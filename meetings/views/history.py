"""Who changed what in a meeting, its reports, proposals, conclusion and directives."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from meetings import richtext
from meetings.access import forbid_unless, get_meeting
from meetings.models import Conclusion, Directive, Meeting, Proposal, Report

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
SKIPPED = {"id", "updated_at", "history_id", "history_date", "history_user", "history_type",
           "history_change_reason", "period_start", "period_end", "deadline"}  # fmt: skip


@dataclass
class Change:
    when: object
    who: object
    what: str
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)


def _short(value) -> str:
    text = richtext.plain_text(str(value)) if value not in (None, "") else "—"
    text = " ".join(text.split())
    return text if len(text) <= 160 else text[:157] + "…"


def _changes(records, label) -> list[Change]:
    """Turn historical records into changes, comparing each with the one before (in memory)."""
    by_object = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)
    changes = []
    for versions in by_object.values():
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in versions:
            change = Change(
                when=record.history_date,
                who=record.history_user,
                what=f"{label}: {_short(record)}",
                action=str(ACTIONS[record.history_type]),
            )
            if previous is not None and record.history_type == "~":
                for model_field in record._meta.fields:
                    name = model_field.attname
                    if name in SKIPPED:
                        continue
                    before, after = getattr(previous, name), getattr(record, name)
                    if before != after:
                        change.fields.append(
                            (str(model_field.verbose_name), _short(before), _short(after))
                        )
                if not change.fields:
                    previous = record
                    continue
            changes.append(change)
            previous = record
    return changes


@require_safe
@login_required
def meeting_history(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk)
    forbid_unless(access.is_staff_of(meeting.committee_id), request)
    reports = list(Report.history.filter(meeting_id=meeting.pk).select_related("history_user"))
    conclusions = list(
        Conclusion.history.filter(meeting_id=meeting.pk).select_related("history_user")
    )
    report_ids = {r.id for r in reports}
    conclusion_ids = {c.id for c in conclusions}
    changes = (
        _changes(Meeting.history.filter(id=meeting.pk).select_related("history_user"), _("Meeting"))
        + _changes(reports, _("Report"))
        + _changes(
            Proposal.history.filter(report_id__in=report_ids).select_related("history_user"),
            _("Proposal"),
        )
        + _changes(conclusions, _("Conclusion"))
        + _changes(
            Directive.history.filter(conclusion_id__in=conclusion_ids).select_related(
                "history_user"
            ),
            _("Directive"),
        )
    )
    changes.sort(key=lambda c: c.when, reverse=True)
    return render(
        request, "meetings/meeting_history.html", {"meeting": meeting, "changes": changes[:300]}
    )
