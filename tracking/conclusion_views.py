"""A meeting's conclusion and its directives, entered and issued (at /meetings/…: the
addresses stay the meetings'). Saving and issuing also change the follow-up (carrying
earlier directives over, closing them), so the pages belong to tracking; they read the
request and call one service each (tracking/conclusion_services.py)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.drafts import forget_draft
from accounts.submissions import token_of
from giaoban import pagecache
from giaoban.compiled import CompiledQuery
from giaoban.pagecache import kept_between_changes
from meetings.access import forbid_unless, get_meeting
from meetings.concurrency import EditConflict, submit_once, version_of
from meetings.confirm import confirm_page, issue_warnings, posted_or_back
from meetings.forms import ConclusionForm, DirectiveFormSet, assignable_organizations
from meetings.models import (
    CARRY,
    CLOSE,
    Conclusion,
    ConclusionStatus,
    Directive,
    Meeting,
)
from meetings.richtext import warn_if_cleaned
from tracking.conclusion_services import issue_conclusion, save_conclusion
from tracking.earlier_rows import EarlierRow
from tracking.forms import (
    PreviousDirectiveFormSet,
    earlier_marked,
    earlier_refused,
    formset_ok,
    optional_formset,
)
from tracking.models import DirectiveAssignment
from tracking.queries import assignees_of, open_directives_before

# The page's own reads, compiled once (giaoban/compiled.py).
ASSIGNABLE = CompiledQuery(
    # With their names on the meeting's day (``held_on or period_end``: given as the end).
    lambda committee, day: assignable_organizations(
        Meeting(committee_id=committee, period_end=day)
    ).with_names_on(day),
    committee=int,
    day=dt.date,
)
DIRECTIVES = CompiledQuery(
    lambda conclusion: Directive.objects.filter(conclusion_id=conclusion).order_by(
        "position", "pk"
    ),
    conclusion=int,
)
# What the save (and a form sent back) read of an earlier directive's meeting (its
# period, in the rows); of its conclusion, nothing but the link (select_related read
# every column of both, their long texts too: a third of the query's time).
EARLIER_SHOWN = (
    *(field.name for field in Directive._meta.concrete_fields),
    "conclusion__meeting__period_year",
    "conclusion__meeting__period_kind",
    # Whose it was, for a predecessor's directive followed up by its successor.
    "conclusion__meeting__committee__name",
    "conclusion__meeting__committee__successor_id",
)


def _open_before(committees, period_end, conclusion):
    """The unfinished directives of earlier conclusions of ``committees`` (a meeting's
    lineage) before ``period_end``, and whether the conclusion ``conclusion`` closes
    them (``closed_here``)."""
    return open_directives_before(
        Meeting(period_end=period_end), closed_by=Conclusion(pk=conclusion), committees=committees
    )


EARLIER = CompiledQuery(
    lambda committees, period_end, conclusion: _open_before(
        committees, period_end, conclusion
    ).only(*EARLIER_SHOWN),
    committees=list,
    period_end=dt.date,
    conclusion=int,
)

# The assignments' own order (the lead first, then the organizations'), the id last so
# that the two queries below give ties in one order.
ASSIGNEES_ORDER = ("-is_lead", "organization__display_order", "pk")
# Their assignees (shown on a form sent back; the save carries the open parts over), by
# their ids: found through the conditions above, PostgreSQL read every organization for
# them.
EARLIER_PARTS = CompiledQuery(
    lambda ids: (
        DirectiveAssignment.objects.filter(directive__in=ids)
        .select_related("organization")
        .order_by(*ASSIGNEES_ORDER)
    ),
    ids=list,
)
# What a page only opened shows of them, as plain values (``EarlierRow``): the save
# needs the directives themselves (it copies them), a page only shows them, and making
# four model objects a row and one for each assignment and its organization took the
# conclusion form more than the query itself (0.66 against 0.16 ms for 14 directives).
EARLIER_ROWS = CompiledQuery(
    lambda committees, period_end, conclusion: _open_before(
        committees, period_end, conclusion
    ).values_list(
        "pk",
        "text",
        "deadline",
        "closed_here",
        "conclusion__meeting__period_year",
        "conclusion__meeting__period_kind",
        "conclusion__meeting__committee__name",
        "conclusion__meeting__committee__successor_id",
    ),
    committees=list,
    period_end=dt.date,
    conclusion=int,
)
# Their assignees' names, in the same order (the lead first).
EARLIER_NAMES = CompiledQuery(
    lambda ids: (
        DirectiveAssignment.objects.filter(directive__in=ids)
        .order_by(*ASSIGNEES_ORDER)
        .values_list("directive_id", "organization__name")
    ),
    ids=list,
)


@login_required
@kept_between_changes(depends=pagecache.conclusion_form("pk"))
def conclusion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = get_meeting(request, pk, manage=True, related=("conclusion",))
    # Read with the meeting (None if it has none yet).
    conclusion = getattr(meeting, "conclusion", None) or Conclusion(meeting=meeting)
    post = request.POST if request.method == "POST" else None
    form = ConclusionForm(post, instance=conclusion, meeting=meeting)
    rows = DIRECTIVES.fetch(conclusion=conclusion.pk) if conclusion.pk else []
    organizations = ASSIGNABLE.fetch(committee=meeting.committee_id, day=meeting.reference_date)
    directives = DirectiveFormSet(
        post,
        instance=conclusion,
        prefix="directives",
        meeting=meeting,
        organizations=organizations,
        # Plain values, read once for all the rows: a prefetch made a model and a
        # related manager for each assignment.
        assignees=(
            assignees_of(conclusion, {o.pk: o.display_order for o in organizations}) if rows else {}
        ),
        # Its rows given, no queryset: the formset never reads one (the view's own,
        # filtered and ordered, cost two more filters for nothing).
        rows=rows,
    )
    directives.forms  # noqa: B018 (read the directives here, not in the template)
    earlier = {
        "committees": meeting.committee.lineage_ids(),
        "period_end": meeting.period_end,
        "conclusion": conclusion.pk or 0,  # no conclusion has the id 0: none closes them yet
    }
    if post is None:
        previous, shown = [], earlier_shown(earlier)
    else:
        previous = EARLIER.fetch(**earlier)
        if previous:
            parts = EARLIER_PARTS.fetch(ids=[d.pk for d in previous])
            previous = with_assignments(previous, parts)
        shown = [EarlierRow.of(directive) for directive in previous]
    # What the conclusion does with each earlier directive (``treatment_of_earlier``), from
    # the rows just read: a copy of it among the directives above, or closed by it.
    carried = {d.carried_from_id for d in directives.get_queryset() if d.carried_from_id}
    previous_forms = optional_formset(
        PreviousDirectiveFormSet,
        post,
        prefix="previous",
        initial=[{"directive": d.pk, "action": treatment(d, carried)} for d in shown],
    )
    conflict_with = None
    valid = post is not None and form.is_valid() and directives.is_valid()
    if valid and formset_ok(previous_forms):
        outcome = submit_once(
            request,
            lambda: save_conclusion(
                conclusion=form.save(commit=False),
                directives_formset=directives,
                by=request.user,
                version=form.opened_version(),
                earlier=previous,
                choices=previous_choices(previous_forms),
                token=token_of(request),
            ),
            form=form,
            claimed_by_service=True,
            # Another person saved this meeting's conclusion at the same moment.
            refusals={
                IntegrityError: _("The conclusion was saved by someone else meanwhile; reload.")
            },
        )
        conflict_with = outcome.conflict_with
        if outcome.repeated:
            return redirect(meeting.get_absolute_url())
        if outcome.done:
            forget_draft(request)
            warn_if_cleaned(request, outcome.result)
            messages.success(request, _("The conclusion has been saved."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/conclusion_form.html",
        {
            "meeting": meeting,
            "form": form,
            "directives": directives,
            "conclusion": conclusion,
            "previous_rows": list(zip(previous_forms.forms, shown, strict=False)),
            "previous_forms": previous_forms,
            "earlier_marked": earlier_marked(previous_forms),
            "earlier_open": earlier_refused(previous_forms),
            "conflict_with": conflict_with,
        },
    )


def with_assignments(directives: list[Directive], parts) -> list[Directive]:
    """The ``directives`` each with its assignments among ``parts`` (``listed_assignments``,
    in their order: the lead first)."""
    by_directive: dict[int, list[DirectiveAssignment]] = {d.pk: [] for d in directives}
    for part in parts:
        if part.directive_id in by_directive:
            by_directive[part.directive_id].append(part)
    for directive in directives:
        directive.listed_assignments = by_directive[directive.pk]
    return directives


def earlier_shown(earlier: dict) -> list[EarlierRow]:
    """The earlier unfinished directives as a page only opened shows them (``EARLIER``'s
    rows and assignees, as plain values)."""
    rows = EARLIER_ROWS.fetch(**earlier)
    if not rows:
        return []
    names: dict[int, list[str]] = {row[0]: [] for row in rows}
    for directive_id, name in EARLIER_NAMES.fetch(ids=list(names)):
        names[directive_id].append(name)
    return [
        EarlierRow(
            pk=pk,
            text=text,
            deadline=deadline,
            closed_here=closed_here,
            period_year=year,
            period_kind=kind,
            predecessor=committee if successor is not None else None,
            assignees=tuple(names[pk]),
        )
        for pk, text, deadline, closed_here, year, kind, committee, successor in rows
    ]


def treatment(earlier: EarlierRow, carried: set[int]) -> str:
    if earlier.pk in carried:
        return CARRY
    return CLOSE if earlier.closed_here else ""


def previous_choices(forms) -> dict[int, str] | None:
    """What the form says of each earlier directive (None if the page did not send it)."""
    if not forms.is_bound:
        return None
    return {
        row.cleaned_data["directive"]: row.cleaned_data.get("action") or ""
        for row in forms
        if row.cleaned_data.get("directive")
    }


@login_required
@posted_or_back
def conclusion_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the conclusion: the first press opens a page saying what will happen, with
    what the issuer should check (``issue_warnings``); its button, with ``confirmed``,
    issues. The outcome is said at the top of the meeting page."""
    meeting, access = get_meeting(request, pk)
    forbid_unless(access.may_issue_conclusion(meeting.committee_id), request)
    conclusion = Conclusion.objects.filter(meeting=meeting).first()
    forbid_unless(conclusion is not None, request)
    if not request.POST.get("confirmed"):
        number = conclusion.notice_number or _("(no number yet)")
        if conclusion.without_notice and not conclusion.notice_number:
            put_in_force = _(
                "The conclusion, recorded from the minutes without a notice, is put in force "
                "as it stands now; it can no longer be changed."
            )
        else:
            put_in_force = _(
                "Conclusion notice %(number)s is issued as it stands now; it can no "
                "longer be changed."
            ) % {"number": number}
        return confirm_page(
            request,
            meeting,
            {
                "title": _("Issue the conclusion"),
                "effects": [
                    put_in_force,
                    _("The meeting is recorded as concluded."),
                    _(
                        "Its directives are tracked, and the earlier directives it carries "
                        "over or closes are closed."
                    ),
                ],
                "warnings": issue_warnings(meeting),
                "button": _("Issue the conclusion"),
                "version": request.POST.get("version") or version_of(conclusion),
            },
        )
    try:
        # The version of the page the issuer read: a text changed since is not issued.
        issue_conclusion(
            conclusion=conclusion, by=request.user, version=request.POST.get("version")
        )
    except EditConflict as conflict:
        messages.error(request, issue_conflict_message(conflict.current))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The conclusion has been issued."))
    return redirect(meeting.get_absolute_url())


def issue_conflict_message(current: Conclusion) -> str:
    """What an issuer reads when the conclusion changed after they opened the page."""
    if current.status == ConclusionStatus.ISSUED:
        return _("This conclusion has already been issued.")
    who = current.updated_by.get_full_name() if current.updated_by else _("someone else")
    return _(
        "%(who)s changed the conclusion at %(when)s, after you opened this page; it has "
        "not been issued. Read it as it is now, then issue it."
    ) % {
        "who": who,
        "when": formats.date_format(
            timezone.localtime(current.updated_at), "SHORT_DATETIME_FORMAT"
        ),
    }
