"""Rich text is cleaned once, when saved, and only marked safe when shown: clean what was
stored before (by writers that did not clean it, demo or generated data), once.

Batched: rows are read with only their rich-text columns, a chunk at a time, and only
those that cleaning changes are written back, with one UPDATE per chunk."""

from django.db import migrations

from meetings.richtext import clean

RICH_TEXT = {
    "Meeting": ("summary",),
    "Report": ("results", "shortcomings", "difficulties", "next_tasks"),
    "Conclusion": ("assessment", "shortcomings", "orientation"),
}
CHUNK = 500


def clean_stored_rich_text(apps, schema_editor):
    for name, fields in RICH_TEXT.items():
        model = apps.get_model("meetings", name)
        changed = []
        for row in model.objects.only("pk", *fields).order_by("pk").iterator(chunk_size=CHUNK):
            dirty = False
            for field in fields:
                stored = getattr(row, field)
                cleaned = clean(stored).html
                if cleaned != stored:
                    setattr(row, field, cleaned)
                    dirty = True
            if dirty:
                changed.append(row)
            if len(changed) >= CHUNK:
                model.objects.bulk_update(changed, fields)
                changed = []
        if changed:
            model.objects.bulk_update(changed, fields)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_meeting_updated_by")]

    operations = [migrations.RunPython(clean_stored_rich_text, migrations.RunPython.noop)]
