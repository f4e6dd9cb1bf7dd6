"""Signals the meetings app sends for apps above it (search), which it may not import:
writes that bypass ``save()`` (and so its signals)."""

from django.dispatch import Signal

# Directives of ``conclusion`` were written in bulk (no ``save()``, so no ``post_save``):
# sent with ``sender=Directive, conclusion=…``; the search index rebuilds its entries.
directives_written = Signal()

# Sent by ``services.restore_removed`` once removed proposals or directives are back, with
# ``sender`` their model and ``items`` the rows (their report or conclusion and meeting
# loaded): the search index takes them back.
restored = Signal()

# Sent by ``services.save_meeting`` once an edited meeting is written (an UPDATE, no
# ``post_save``), with ``sender=Meeting, meeting=…``: the search entries follow its
# period.
meeting_written = Signal()

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
