"""A full backup of the demo data set restores with nothing lost, uploads included."""

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from giaoban.demo import load_demo_data

COUNTED = ["organizations", "meetings", "tracking", "accounts"]


def snapshot():
    counts = {}
    for label in COUNTED:
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model.objects.count()
    return counts


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_data()
    default_storage.save("reports/bao-cao-quy-I.pdf", ContentFile(b"%PDF-1.4 demo bytes"))
    before = snapshot()
    from meetings.models import Report

    sample = Report.objects.order_by("pk").values_list("results", flat=True).first()
    archive = tmp_path / "giaoban.tar.gz"

    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
    call_command("flush", "--no-input")
    default_storage.delete("reports/bao-cao-quy-I.pdf")
    call_command("restore", str(archive))

    assert snapshot() == before
    assert Report.objects.order_by("pk").values_list("results", flat=True).first() == sample
    with default_storage.open("reports/bao-cao-quy-I.pdf", "rb") as handle:
        assert handle.read() == b"%PDF-1.4 demo bytes"
    from accounts.models import User

    assert User.objects.get(username="canbo").check_password("giaoban-demo-2026")
