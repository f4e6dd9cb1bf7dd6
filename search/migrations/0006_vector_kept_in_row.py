"""PostgreSQL only: each entry's tsvector kept in its row (storage MAIN), not in TOAST.

An entry's text, its folded terms and its vector together often pass the 2 KB at which
PostgreSQL moves a row's largest values out of line. Left to the default (EXTENDED),
the vector was the one moved: a search then fetched each candidate's vector from the
TOAST table twice, once for the phrase bonus and once for ``ts_rank`` (issue 19: for
the 496 candidates of “dan van” in a province, 1,650 buffer reads and 0.77 ms of the
query's 1.5). With MAIN the text and the terms, which ranking never reads, go out of
line first, and the vector stays in the row, compressed if need be, as long as it fits
there (up to about 8 KB compressed: some 4,000 characters of text; a longer entry's
vector still goes to TOAST): the same ranking took 0.23 ms, with no buffer read beyond
the rows'.

The setting applies to rows written from now on. Rows written before keep their vector
where it is until they are written again: ``VACUUM FULL search_searchentry`` (run
outside a transaction, in a quiet hour: it locks the table, searches included, while it
rewrites it) or ``manage.py rebuild_search_index`` (no lock on the whole table, slower)
moves them all (docs/deploy.md, "Upgrades").
"""

from django.db import migrations


def _storage(strategy):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE {strategy}"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_meeting_content")]

    operations = [migrations.RunPython(_storage("MAIN"), _storage("EXTENDED"))]
