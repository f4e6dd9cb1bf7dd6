from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_form_drafts_and_kept_forms"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(
                choices=[("vi", "Vietnamese"), ("en", "English")],
                default="vi",
                max_length=10,
                verbose_name="language",
            ),
        ),
    ]
