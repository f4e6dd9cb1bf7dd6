"""generate_data: refuses production and a database that already holds data, and writes
what the app itself would (search entries, model instances)."""

import datetime as dt
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from giaoban.generate import SCALES, Generator, _new
from meetings.models import Meeting, Report, ReportStatus
from organizations.models import Organization
from search.indexing import reindex_meetings
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


def entries() -> Counter:
    """The search entries, whatever their primary keys."""
    fields = [f.attname for f in SearchEntry._meta.concrete_fields if not f.primary_key]
    return Counter(SearchEntry.objects.values_list(*fields))


def test_its_search_entries_are_those_search_indexing_makes(db):
    """The generator makes the entries from its rows in memory (and writes them with COPY
    on PostgreSQL): rebuilding the index from the tables gives the same entries."""
    Generator(SCALES["small"]).run()
    generated = entries()
    kinds = Counter(kind for kind, *_rest in generated.elements())
    assert set(kinds) == {"report", "proposal", "conclusion", "directive"}
    assert any(re.search(r" \d+cv(tu|du) ", row[-1]) for row in generated)  # cited documents

    written = reindex_meetings(Meeting.objects.order_by("pk").values_list("pk", flat=True))

    assert written == sum(generated.values())
    assert entries() == generated


def test_its_instances_are_those_of_the_models_constructor():
    meeting, organization = Meeting(id=3, committee_id=1), Organization(id=5)
    values = {
        "meeting": meeting,
        "organization": organization,
        "results": "<p>Kết quả</p>",
        "status": ReportStatus.ACCEPTED,
        "accepted_at": dt.datetime(2025, 1, 2, tzinfo=dt.UTC),
    }
    made, constructed = _new(Report, **values), Report(**values)
    assert {k: v for k, v in vars(made).items() if k != "_state"} == {
        k: v for k, v in vars(constructed).items() if k != "_state"
    }
    assert made.meeting is meeting and made.organization is organization
    assert made.meeting_id == 3 and made.submitted_by_id is None
