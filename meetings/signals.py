"""Signals of the meetings app, for writes that bypass ``save()`` (and so its signals).

``restored`` is sent by ``services.restore_removed`` once removed proposals or directives
are back, with ``sender`` their model and ``items`` the rows (their report or conclusion
and meeting loaded): the search index (search/signals.py) takes them back. The meetings
app cannot call the search app itself: search depends on meetings, not the reverse.
"""

from django.dispatch import Signal

restored = Signal()
