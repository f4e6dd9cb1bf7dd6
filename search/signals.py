"""Every save or delete of a searchable text updates its entries at once.

The receivers only hand over to ``search.indexing``; writes that bypass
``save()`` (``bulk_create``) call ``indexing.reindex_meetings`` themselves, or send
``meetings.signals.directives_written``.
Historical (simple-history) and migration models are other classes: no receiver
fires for them.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from meetings.models import Conclusion, Directive, Meeting, Proposal, Report
from meetings.signals import directives_written, meeting_written, restored
from search import indexing
from search.models import Kind

# What the entries copy from their meeting.
MEETING_FIELDS = {"committee", "committee_id", "period_year", "period_kind", "period_end"}


@receiver(post_save, sender=Meeting, dispatch_uid="search_meeting_saved")
def meeting_saved(sender, instance: Meeting, created: bool, update_fields=None, **kwargs) -> None:
    if created or kwargs.get("raw"):
        return
    if update_fields is None or MEETING_FIELDS & set(update_fields):
        indexing.index_meeting(instance)


@receiver(meeting_written, dispatch_uid="search_meeting_written")
def meeting_edited(sender, meeting: Meeting, **kwargs) -> None:
    indexing.index_meeting(meeting)


@receiver(post_save, sender=Report, dispatch_uid="search_report_saved")
def report_saved(sender, instance: Report, **kwargs) -> None:
    if not kwargs.get("raw"):
        indexing.index_report(instance)


@receiver(post_save, sender=Proposal, dispatch_uid="search_proposal_saved")
def proposal_saved(sender, instance: Proposal, **kwargs) -> None:
    if not kwargs.get("raw"):
        indexing.index_proposal(instance)


@receiver(post_save, sender=Conclusion, dispatch_uid="search_conclusion_saved")
def conclusion_saved(sender, instance: Conclusion, **kwargs) -> None:
    if not kwargs.get("raw"):
        indexing.index_conclusion(instance)


@receiver(post_save, sender=Directive, dispatch_uid="search_directive_saved")
def directive_saved(sender, instance: Directive, **kwargs) -> None:
    if not kwargs.get("raw"):
        indexing.index_directive(instance)


@receiver(restored, dispatch_uid="search_items_restored")
def items_restored(sender, items, **kwargs) -> None:
    indexing.index_restored(sender, items)


@receiver(post_delete, sender=Report, dispatch_uid="search_report_deleted")
def report_deleted(sender, instance: Report, **kwargs) -> None:
    indexing.remove(Kind.REPORT, instance.pk)


@receiver(post_delete, sender=Proposal, dispatch_uid="search_proposal_deleted")
def proposal_deleted(sender, instance: Proposal, **kwargs) -> None:
    indexing.remove(Kind.PROPOSAL, instance.pk)


@receiver(post_delete, sender=Conclusion, dispatch_uid="search_conclusion_deleted")
def conclusion_deleted(sender, instance: Conclusion, **kwargs) -> None:
    indexing.remove(Kind.CONCLUSION, instance.pk)


@receiver(post_delete, sender=Directive, dispatch_uid="search_directive_deleted")
def directive_deleted(sender, instance: Directive, **kwargs) -> None:
    indexing.remove(Kind.DIRECTIVE, instance.pk)


@receiver(directives_written, dispatch_uid="search_directives_written")
def directives_written_in_bulk(sender, conclusion: Conclusion, **kwargs) -> None:
    indexing.index_conclusion(conclusion)
