"""Follow-up state moved from meetings to tracking; its table and rows stayed where they were."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from meetings.models import Conclusion, Directive
from tests.factories import make_committee, make_meeting, make_organization
from tracking.models import DirectiveAssignment, Progress, Status

BEFORE = [("meetings", "0005_conclusion_closes"), ("tracking", "0001_initial")]
AFTER = [("meetings", "0006_directiveassignment_moved_to_tracking")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_it_keeps_assignments_and_their_progress_across_the_move():
    committee = make_committee()
    front = make_organization(committee, "Ủy ban MTTQ")
    meeting = make_meeting(committee, "2024-Q1")
    conclusion = Conclusion.objects.create(meeting=meeting, status="issued")
    directive = Directive.objects.create(
        conclusion=conclusion, text="Nhiệm vụ một", deadline=dt.date(2024, 6, 30)
    )
    try:
        old = migrate(BEFORE)
        assert old.get_model("meetings", "DirectiveAssignment")._meta.db_table == (
            "meetings_directiveassignment"
        )
        assignment = old.get_model("meetings", "DirectiveAssignment").objects.create(
            directive_id=directive.pk,
            organization_id=front.pk,
            is_lead=True,
            progress="done",
            completed_on=dt.date(2024, 7, 5),
        )
        old.get_model("tracking", "ProgressUpdate").objects.create(
            assignment_id=assignment.pk, progress="done", note="Đã xong, chậm năm ngày."
        )

        new = migrate(AFTER)
        assert "directiveassignment" not in new.all_models["meetings"]
        field = new.get_model("tracking", "ProgressUpdate")._meta.get_field("assignment")
        assert field.related_model._meta.label == "tracking.DirectiveAssignment"
    finally:
        migrate(latest())

    moved = DirectiveAssignment.objects.get(pk=assignment.pk)
    assert (moved.directive, moved.organization, moved.is_lead) == (directive, front, True)
    assert moved.progress == Progress.DONE
    assert moved.status_on(dt.date(2024, 8, 1)) == Status.DONE_LATE
    assert [u.note for u in moved.updates.all()] == ["Đã xong, chậm năm ngày."]
    assert list(directive.assignments.all()) == [moved]
