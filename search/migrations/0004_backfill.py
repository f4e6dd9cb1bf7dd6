"""Fill the index from the meetings already recorded (same code as rebuild_search_index)."""

from django.db import migrations


def backfill(apps, schema_editor):
    from search.indexing import rebuild

    rebuild(registry=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_recent_index"),
        ("meetings", "0004_archive"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
