"""Sign-ins, failures, lockouts and refusals are logged with user, address and time."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent
from giaoban.demo import DEMO_PASSWORD
from tests.conftest import sign_in


def kinds():
    return list(SecurityEvent.objects.order_by("pk").values_list("kind", "username"))


def test_sign_ins_failures_and_lockouts_are_logged(client, demo_accounts):
    sign_in(client, "canbo", "wrong")
    sign_in(Client(), "lanhdao", DEMO_PASSWORD)
    for _attempt in range(4):
        sign_in(client, "canbo", "wrong")

    assert kinds()[:2] == [("sign_in_failed", "canbo"), ("signed_in", "lanhdao")]
    assert ("locked_out", "canbo") in kinds()
    assert SecurityEvent.objects.filter(ip_address="127.0.0.1").exists()


def test_refusals_are_logged(client, world, meeting):
    client.force_login(world.minh)

    assert client.get(meeting.get_absolute_url()).status_code == 404
    client.force_login(world.khoi)
    client.get(reverse("reports:edit", args=[meeting.pk, world.farmers.pk]))

    denied = SecurityEvent.objects.filter(kind="denied").order_by("pk")
    assert list(denied.values_list("username", flat=True)) == ["minh", "khoi"]
    assert denied.first().path == meeting.get_absolute_url()


def test_a_missing_object_is_not_a_refusal(client, world):
    client.force_login(world.minh)
    client.get(reverse("meetings:detail", args=[999999]))

    assert not SecurityEvent.objects.filter(kind="denied").exists()


def test_the_log_is_kept_at_least_a_year(db):
    with pytest.raises(CommandError):
        call_command("prune_security_log", "--older-than-days=30")


def test_only_superusers_read_the_log_in_the_admin(client, world):
    world.nam.refresh_from_db()
    client.force_login(world.nam)

    # Committee admins do not enter Django's admin at all: sent to its sign-in page.
    assert client.get(reverse("admin:accounts_securityevent_changelist")).status_code == 302
