# Follow-up moves from meetings to tracking: DirectiveAssignment changes app, its table
# ("meetings_directiveassignment"), index and constraint stay as they are. Only the
# migration state moves; meetings 0006 then forgets the model in its own state.

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor, *, source="meetings", target="tracking"):
    """Permissions and admin log entries follow the model to its new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    types = ContentType.objects.using(db).filter(model="directiveassignment")
    if not types.filter(app_label=target).exists():
        types.filter(app_label=source).update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="tracking", target="meetings")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0005_conclusion_closes"),
        ("organizations", "0005_accounts_belong_to_a_committee"),
        ("tracking", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DirectiveAssignment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("is_lead", models.BooleanField(default=False, verbose_name="lead")),
                        (
                            "progress",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "No report yet"),
                                    ("in_progress", "In progress"),
                                    ("done", "Done"),
                                    ("carried_over", "Carried over"),
                                ],
                                default="",
                                max_length=12,
                                verbose_name="progress",
                            ),
                        ),
                        (
                            "completed_on",
                            models.DateField(blank=True, null=True, verbose_name="completed on"),
                        ),
                        (
                            "progress_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="last update"),
                        ),
                        (
                            "directive",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="assignments",
                                to="meetings.directive",
                                verbose_name="directive",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="assignments",
                                to="organizations.organization",
                                verbose_name="organization",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "assignment",
                        "verbose_name_plural": "assignments",
                        "db_table": "meetings_directiveassignment",
                        "ordering": ["-is_lead", "organization__display_order"],
                        "indexes": [
                            models.Index(
                                fields=["organization", "progress"],
                                name="meetings_di_organiz_ddc11e_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("directive", "organization"),
                                name="assignment_unique_organization",
                            )
                        ],
                    },
                ),
                # The foreign key already points at that table: only the state changes.
                migrations.AlterField(
                    model_name="progressupdate",
                    name="assignment",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="updates",
                        to="tracking.directiveassignment",
                        verbose_name="assignment",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back, elidable=True),
    ]
