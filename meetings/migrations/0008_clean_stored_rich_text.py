"""Rich text is cleaned once, when saved, and only marked safe when shown: clean what was
stored before (by writers that did not clean it, demo or generated data), once.

Batched (``richtext.clean_stored``): rows are read with only their rich-text columns, a
chunk at a time, and only those that cleaning changes are written back, in bulk."""

from django.db import migrations

from meetings.richtext import clean_stored

RICH_TEXT = {
    "Meeting": ("summary",),
    "Report": ("results", "shortcomings", "difficulties", "next_tasks"),
    "Conclusion": ("assessment", "shortcomings", "orientation"),
}


def clean_stored_rich_text(apps, schema_editor):
    for name, fields in RICH_TEXT.items():
        clean_stored(apps.get_model("meetings", name), fields)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_meeting_updated_by")]

    operations = [migrations.RunPython(clean_stored_rich_text, migrations.RunPython.noop)]
