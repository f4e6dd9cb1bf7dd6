"""Ending and merging organizations that have follow-up: open directive parts refuse the
end and pass to the successor in a merger (tracking.services)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from organizations.models import Role
from tracking import services as tracking_services

D = dt.date


def test_an_organization_with_open_directive_parts_is_not_ended(world, issued):
    issued()

    with pytest.raises(ValidationError) as error:
        tracking_services.end_organization(organization=world.front, on=D(2025, 7, 1))

    message = " ".join(error.value.messages)
    assert "còn 3 phần việc" in message
    assert "hợp nhất" in message
    world.front.refresh_from_db()
    assert world.front.valid_until is None
    assert Role.objects.get(user=world.khoi).is_active
