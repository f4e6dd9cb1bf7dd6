"""The search index follows the write services: each sends ``meetings.signals.written``
once per save, inside its transaction, naming the meetings whose text changed, and the
reports or conclusions when only those changed; their entries are rebuilt at once
(``search.indexing``, a fixed number of queries). Nothing is indexed from ``post_save``:
a write that does not go through a service (the demo loader, a data migration) calls
``reindex_meetings`` itself."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import receiver

from meetings.models import Meeting
from meetings.signals import written
from search import indexing


@receiver(written, dispatch_uid="search_meetings_written")
def meetings_written(
    sender, meeting_ids, reports=None, conclusions=None, directives=None, contents=None, **kwargs
) -> None:
    if reports is None and conclusions is None and contents is None:
        # One rebuild of a meeting's entries at a time: two saves of the same meeting at
        # once (a report and the conclusion) would otherwise each write the entries of
        # both (the other's as it was read before it committed), leaving them twice.
        with transaction.atomic():
            list(Meeting.objects.select_for_update().filter(pk__in=meeting_ids).order_by("pk"))
            # The service that sent it named what its write changed (search included).
            indexing.reindex_meetings(meeting_ids, tell_pages=False)
        return
    # Only these reports' and conclusions' own entries: saves of other reports of the
    # same meetings rebuild theirs at the same time (each source is written by one save
    # at a time: its service updated its row first), a full rebuild waits.
    with transaction.atomic(savepoint=False):
        indexing.share_meetings(meeting_ids)
        indexing.reindex_sources(
            reports=reports or (),
            conclusions=conclusions or (),
            directives=directives,
            contents=contents or (),
        )
