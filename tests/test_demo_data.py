"""`make run` loads demo data and one account per role, idempotently."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from giaoban.demo import DEMO_PASSWORD
from tests.conftest import sign_in


@pytest.mark.django_db
def test_load_demo_twice_gives_no_duplicates(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")

    assert sorted(User.objects.values_list("username", flat=True)) == [
        "baocaovien",
        "canbo",
        "lanhdao",
        "quantri",
    ]
    output = capsys.readouterr().out
    assert output.count(DEMO_PASSWORD) == 8
    assert "Cán bộ Ban Dân vận" in output


@pytest.mark.django_db
def test_printed_credentials_sign_in(client, settings):
    settings.DEBUG = True
    call_command("load_demo")

    for username in ("canbo", "baocaovien", "lanhdao", "quantri"):
        assert sign_in(client, username, DEMO_PASSWORD).status_code == 302, username
        client.logout()
    assert User.objects.get(username="quantri").is_superuser
    assert not User.objects.get(username="canbo").is_superuser


@pytest.mark.django_db
def test_demo_accounts_refused_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="Refusing"):
        call_command("load_demo")
    assert not User.objects.exists()
