"""Signals the meetings app sends for apps above it (search), which it may not import."""

from django.dispatch import Signal

# Directives of ``conclusion`` were written in bulk (no ``save()``, so no ``post_save``):
# sent with ``sender=Directive, conclusion=…``; the search index rebuilds its entries.
directives_written = Signal()
