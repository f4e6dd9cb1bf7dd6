"""The signal the meetings app sends for apps above it (search), which it may not import."""

from collections.abc import Iterable

from django.dispatch import Signal

# Sent by every write service ONCE per save, inside its transaction, when the searchable
# text of meetings (or who may read it: a report submitted, a conclusion issued, a row
# removed or restored, a meeting moved) changed:
#
#     written.send(sender=Conclusion, meeting_ids=[conclusion.meeting_id])
#
# ``sender`` is the model the service writes, ``meeting_ids`` the meetings concerned. The
# search index rebuilds their entries at once, in a fixed number of queries. A service
# that changed only reports (with their proposals) or a conclusion (with its directives)
# says so, and only their entries are rebuilt:
#
#     written.send(sender=Report, meeting_ids=[report.meeting_id], reports=[report.pk])
#
# (``reports`` and ``conclusions``: ids; left out, None: the whole meetings changed.)
# A meeting whose own words (summary, joint limitations, statements) changed is named in
# ``contents``: only those entries of it are rebuilt. A
# conclusion's save that changed some of its directives only names them (``directives``):
# the conclusion's own entries and theirs are rebuilt, not those of its other directives.
written = Signal()


def send_written(
    sender,
    *meeting_ids: int,
    reports: Iterable[int] | None = None,
    conclusions: Iterable[int] | None = None,
    directives: Iterable[int] | None = None,
    contents: Iterable[int] | None = None,
) -> None:
    """``written.send`` for these meetings (ids of None, an unsaved meeting, are left out);
    ``reports`` or ``conclusions`` (of these meetings): only they changed, with their
    proposals or directives (with ``directives``: only these of their directives)."""
    ids = sorted({pk for pk in meeting_ids if pk is not None})
    if not ids:
        return
    if reports is None and conclusions is None and contents is None:
        written.send(sender=sender, meeting_ids=ids)
    else:
        written.send(
            sender=sender,
            meeting_ids=ids,
            reports=sorted(set(reports or ())),
            conclusions=sorted(set(conclusions or ())),
            directives=None if directives is None else sorted(set(directives)),
            contents=sorted(set(contents or ())),
        )
