"""The search index follows the write services: each sends ``meetings.signals.written``
once per save, inside its transaction, naming the meetings whose text changed; their
entries are rebuilt at once (``search.indexing.reindex_meetings``, a fixed number of
queries). Nothing is indexed from ``post_save``: a write that does not go through a
service (the demo loader, a data migration) calls ``reindex_meetings`` itself."""

from __future__ import annotations

from django.dispatch import receiver

from meetings.signals import written
from search import indexing


@receiver(written, dispatch_uid="search_meetings_written")
def meetings_written(sender, meeting_ids, **kwargs) -> None:
    indexing.reindex_meetings(meeting_ids)
