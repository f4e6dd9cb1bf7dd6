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
