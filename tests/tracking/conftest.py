import datetime as dt

import pytest

from meetings.models import Conclusion, Directive, DirectiveAssignment
from tests.factories import make_meeting


@pytest.fixture
def issued(world):
    """Quý I/2024 of Lâm Giang concluded with three directives due 30/6/2024."""

    def make(period="2024-Q1", held_on=dt.date(2024, 4, 19), texts=("Một", "Hai", "Ba")):
        meeting = make_meeting(world.lam_giang, period, held_on=held_on)
        conclusion = Conclusion.objects.create(
            meeting=meeting, status="issued", notice_number="45-TB/TU", issued_on=held_on
        )
        directives = []
        for position, text in enumerate(texts, start=1):
            directive = Directive.objects.create(
                conclusion=conclusion,
                position=position,
                text=f"Nhiệm vụ {text}",
                due_period_year=meeting.period.next().year,
                due_period_kind=meeting.period.next().kind,
                deadline=meeting.period.next().end,
            )
            DirectiveAssignment.objects.create(
                directive=directive, organization=world.front, is_lead=True
            )
            directives.append(directive)
        return meeting, directives

    return make
