"""Progress on the demo directives: most done, some late, some overdue, one carried over."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from meetings.models import ConclusionStatus
from organizations.models import PartyCommittee
from tracking.models import DirectiveAssignment, Progress, ProgressUpdate


@transaction.atomic
def load_tracking_demo(province: PartyCommittee, reporter, staff) -> None:
    if ProgressUpdate.objects.filter(assignment__organization__committee=province).exists():
        return
    today = timezone.localdate()
    parts = list(
        DirectiveAssignment.objects.filter(
            directive__conclusion__meeting__committee=province,
            directive__conclusion__status=ConclusionStatus.ISSUED,
        )
        .select_related("directive__conclusion__meeting")
        .order_by("directive__deadline", "pk")
    )
    updates = []
    for part in parts:
        deadline = part.directive.deadline
        meeting = part.directive.conclusion.meeting
        luck = (part.pk * 7919) % 100  # deterministic variety
        if deadline is None:
            continue
        if deadline >= today:
            if luck < 45:
                part.progress = Progress.IN_PROGRESS
                updates.append((part, None, "Đang triển khai theo kế hoạch."))
            continue
        recent = (today - deadline).days < 120
        if luck < (55 if recent else 78):
            part.progress, part.completed_on = Progress.DONE, deadline - dt.timedelta(days=9)
            note = "Đã hoàn thành, có báo cáo kết quả."
        elif luck < (70 if recent else 92):
            part.progress, part.completed_on = Progress.DONE, deadline + dt.timedelta(days=12)
            note = "Hoàn thành chậm do vướng mắc về kinh phí."
        elif luck < (85 if recent else 96):
            part.progress = Progress.IN_PROGRESS
            note = "Đang tiếp tục thực hiện."
        else:
            continue  # nothing reported: overdue
        part.progress_at = timezone.now()
        updates.append((part, meeting, note))
    DirectiveAssignment.objects.bulk_update(
        [p for p, _m, _n in updates], ["progress", "completed_on", "progress_at"]
    )
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                assignment=part,
                progress=part.progress,
                completed_on=part.completed_on,
                note=note,
                entered_by=staff if index % 3 == 0 else reporter,
                on_behalf=index % 3 == 0,
            )
            for index, (part, _meeting, note) in enumerate(updates)
        ]
    )
