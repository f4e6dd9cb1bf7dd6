"""A search ranks its candidates without reading PostgreSQL's TOAST table: each entry's
vector stays in its row (storage MAIN, migration search 0006) as long as it fits there
(up to about 8 KB compressed, some 4,000 characters of text), the text and the terms
going out of line instead (issue 19: ranking the 496 candidates of “dan van” in a
province read 1,650 TOAST blocks and took half of the query)."""

import json
import random

import pytest
from django.db import connection

from search.models import SearchEntry
from tests.factories import make_report

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's storage of the text vector"
)

SYLLABLES = "dân vận mặt trận tổ quốc đoàn kết hội nông dân phụ nữ cựu chiến binh thanh niên"


def long_text(seed: int) -> str:
    """About 3,000 characters of varied words: a row of this text, its terms and its
    vector is well over the 2 KB at which PostgreSQL moves values out of line."""
    rng = random.Random(seed)
    words = SYLLABLES.split()
    return " ".join(f"{rng.choice(words)}{rng.randrange(1000)}" for _ in range(450))


def blocks_read(sql: str, params) -> int:
    with connection.cursor() as cursor:
        # By its key, as a page reads it, and both queries alike: an index-only scan of
        # the first would also read the visibility map once a vacuum has set it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    node = plan[0]["Plan"]
    return node["Shared Hit Blocks"] + node["Shared Read Blocks"]


def ranking_reads_beyond_the_row(entry_id: int) -> int:
    """The blocks that ranking one entry reads beyond those of finding its row."""
    row = blocks_read("SELECT id FROM search_searchentry WHERE id = %s", [entry_id])
    ranked = blocks_read(
        "SELECT ts_rank(search_vector, 'dan & van'::tsquery) FROM search_searchentry WHERE id = %s",
        [entry_id],
    )
    return ranked - row


@pytest.mark.django_db
def test_a_long_entry_is_ranked_from_its_row_alone(world, meeting):
    make_report(meeting, world.front, results=f"<p>{long_text(1)}</p>")
    entry = SearchEntry.objects.get(kind="report", organization=world.front)
    assert len(entry.text) > 2500

    assert ranking_reads_beyond_the_row(entry.pk) == 0


@pytest.mark.django_db
def test_the_vector_kept_out_of_line_would_be_read_from_toast(world, meeting):
    """What the storage setting spares: the same long entry written with the default
    storage is ranked from the TOAST table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE EXTENDED"
        )
    make_report(meeting, world.front, results=f"<p>{long_text(1)}</p>")
    entry = SearchEntry.objects.get(kind="report", organization=world.front)

    assert ranking_reads_beyond_the_row(entry.pk) > 0
