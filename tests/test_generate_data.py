"""generate_data: refuses production and a database that already holds data."""

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Meeting
from search.models import SearchEntry
from tests.factories import make_committee


def test_it_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--yes-i-know"):
        call_command("generate_data", "--scale", "tiny")


def test_it_refuses_a_database_that_holds_committees(db):
    make_committee()
    with pytest.raises(CommandError, match="empty database"):
        call_command("generate_data", "--scale", "tiny", "--yes-i-know")


def test_it_fills_an_empty_database_and_its_search_index(db, capsys):
    call_command("generate_data", "--scale", "tiny", "--jobs", "1", "--yes-i-know")
    assert Meeting.objects.count() == 3 * 4  # a province and two communes, four quarters
    assert SearchEntry.objects.filter(kind="report").exists()
    assert "bench_staff" in capsys.readouterr().out
