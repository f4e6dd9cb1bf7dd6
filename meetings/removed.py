"""Reads about removed proposals and directives: the page that lists them, and when
conclusions were issued (what decides whether a removed directive may come back)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Min, QuerySet, Value

from meetings.models import Conclusion, ConclusionStatus, Directive, Meeting, Proposal

PROPOSAL, DIRECTIVE = "proposal", "directive"


def issue_times(conclusion_ids: Iterable[int]) -> dict[int, dt.datetime]:
    """When each of these conclusions was first recorded as issued, by its history (one
    query; a conclusion issued before its history was kept is not in the answer)."""
    ids = set(conclusion_ids)
    if not ids:
        return {}
    return dict(
        Conclusion.history.filter(id__in=ids, status=ConclusionStatus.ISSUED)
        .order_by()
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
    )


def live_copies(directives: Iterable[Directive]) -> set[tuple[int, int]]:
    """(conclusion, earlier directive) of the live copies carrying over the earlier
    directives that these removed copies carried (one query; none if none are copies)."""
    carried = {d.carried_from_id for d in directives if d.carried_from_id}
    if not carried:
        return set()
    return set(
        Directive.objects.filter(carried_from_id__in=carried).values_list(
            "conclusion_id", "carried_from_id"
        )
    )


def refusals_of(directives: list[Directive]) -> dict[int, str | None]:
    """Why each of these removed directives (their conclusions loaded) cannot come back,
    or None: two queries however many."""
    issued = issue_times(
        d.conclusion_id for d in directives if d.conclusion.status == ConclusionStatus.ISSUED
    )
    copies = live_copies(directives)
    return {
        d.pk: d.restore_refusal(
            issued.get(d.conclusion_id),
            carried_anew=(d.conclusion_id, d.carried_from_id) in copies,
        )
        for d in directives
    }


@dataclass(frozen=True)
class RemovedItem:
    """One row of the page: a removed proposal or directive and where it was."""

    kind: str
    item: Proposal | Directive
    meeting: Meeting
    # The organization whose report held the proposal, under its name of the meeting's day.
    organization_name: str
    refusal: str | None

    @property
    def token(self) -> str:
        """What the page sends back to restore it."""
        return f"{self.kind}-{self.item.pk}"


def parse_tokens(tokens: Iterable[str]) -> tuple[set[int], set[int]] | None:
    """The proposal and directive ids of the tokens the page sent; None if one is not a
    token the page makes."""
    ids: dict[str, set[int]] = {PROPOSAL: set(), DIRECTIVE: set()}
    for token in tokens:
        kind, _sep, pk = token.partition("-")
        if kind not in ids or not pk.isdigit() or len(pk) > 18:
            return None
        ids[kind].add(int(pk))
    return ids[PROPOSAL], ids[DIRECTIVE]


def _name_on(organization, day: dt.date) -> str:
    return next((n.name for n in organization.names.all() if n.is_valid_on(day)), organization.name)


def removed_page(*, proposals: QuerySet, directives: QuerySet, number, size: int) -> Page:
    """Page ``number`` of the removed ``proposals`` and ``directives`` together, the most
    recently removed first, as ``RemovedItem`` rows. A fixed number of queries whatever the
    page holds: the count and the page's keys (a UNION of both tables), then the page's
    proposals with their organizations' names, its directives and their conclusions'
    issue times."""
    keys = (
        proposals.archived()
        .annotate(kind=Value(PROPOSAL, output_field=CharField()))
        .values("kind", "id", "archived_at")
        .order_by()
        .union(
            directives.archived()
            .annotate(kind=Value(DIRECTIVE, output_field=CharField()))
            .values("kind", "id", "archived_at")
            .order_by(),
            all=True,
        )
        .order_by("-archived_at", "-id")
    )
    page = Paginator(keys, size).get_page(number)
    keys = list(page.object_list)
    wanted = {
        kind: [key["id"] for key in keys if key["kind"] == kind] for kind in (PROPOSAL, DIRECTIVE)
    }
    rows: dict[tuple[str, int], RemovedItem] = {}
    if wanted[PROPOSAL]:
        for proposal in (
            Proposal.all_objects.filter(pk__in=wanted[PROPOSAL])
            .select_related("report__meeting", "report__organization", "archived_by")
            .prefetch_related("report__organization__names")
        ):
            meeting = proposal.report.meeting
            rows[PROPOSAL, proposal.pk] = RemovedItem(
                PROPOSAL,
                proposal,
                meeting,
                _name_on(proposal.report.organization, meeting.reference_date),
                proposal.restore_refusal(),
            )
    if wanted[DIRECTIVE]:
        directives_found = list(
            Directive.all_objects.filter(pk__in=wanted[DIRECTIVE]).select_related(
                "conclusion__meeting", "archived_by"
            )
        )
        refusals = refusals_of(directives_found)
        for directive in directives_found:
            rows[DIRECTIVE, directive.pk] = RemovedItem(
                DIRECTIVE,
                directive,
                directive.conclusion.meeting,
                "",
                refusals[directive.pk],
            )
    page.object_list = [
        rows[key["kind"], key["id"]] for key in keys if (key["kind"], key["id"]) in rows
    ]
    return page
