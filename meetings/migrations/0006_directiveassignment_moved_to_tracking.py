# DirectiveAssignment now belongs to tracking (tracking 0002 took it over with its table):
# meetings forgets it in its state; the table is kept.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_conclusion_closes"),
        ("tracking", "0002_directiveassignment"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DirectiveAssignment")],
            database_operations=[],
        ),
    ]
