"""The signal the meetings app sends for apps above it (search), which it may not import."""

from django.dispatch import Signal

# Sent by every write service ONCE per save, inside its transaction, when the searchable
# text of meetings (or who may read it: a report submitted, a conclusion issued, a row
# removed or restored, a meeting moved) changed:
#
#     written.send(sender=Conclusion, meeting_ids=[conclusion.meeting_id])
#
# ``sender`` is the model the service writes, ``meeting_ids`` the meetings concerned. The
# search index rebuilds their entries at once, in a fixed number of queries.
written = Signal()


def send_written(sender, *meeting_ids: int) -> None:
    """``written.send`` for these meetings (ids of None, an unsaved meeting, are left out)."""
    ids = sorted({pk for pk in meeting_ids if pk is not None})
    if ids:
        written.send(sender=sender, meeting_ids=ids)
