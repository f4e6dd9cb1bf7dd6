"""A report file goes with its row (also when its report is deleted), once committed."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from documents.models import ReportAttachment


@receiver(post_delete, sender=ReportAttachment, dispatch_uid="documents_delete_attachment_file")
def _delete_file(sender, instance: ReportAttachment, **kwargs) -> None:
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
