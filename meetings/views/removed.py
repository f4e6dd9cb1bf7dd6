"""Removed items ("Mục đã xóa"): the proposals and directives removed from a committee's
meetings, which its staff and admins restore (``Access.restoring_committee_ids``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from meetings import services
from meetings.access import restorable_directives, restorable_proposals
from meetings.removed import parse_tokens, removed_page
from organizations.access import Access, access_for, choose_committee
from organizations.models import PartyCommittee, RoleKind

PAGE_SIZE = 50


def _pick_committee(request: HttpRequest, access: Access) -> tuple[PartyCommittee, list]:
    """Among the committees where the user restores (404 for any other, and for anyone
    who restores nowhere); by default the first where they are staff."""
    return choose_committee(
        request, access.restoring_committees(), access.committee_ids(RoleKind.STAFF)
    )


def _list_url(committee: PartyCommittee, page: str | None = None) -> str:
    url = f"{reverse('meetings:removed')}?committee={committee.pk}"
    return f"{url}&page={page}" if page and page.isdigit() else url


@require_safe
@login_required
def removed_items(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    committee, committees = _pick_committee(request, access)
    page = removed_page(
        proposals=restorable_proposals(access).filter(report__meeting__committee=committee),
        directives=restorable_directives(access).filter(conclusion__meeting__committee=committee),
        number=request.GET.get("page"),
        size=PAGE_SIZE,
    )
    return render(
        request,
        "meetings/removed_items.html",
        {
            "committee": committee,
            "committees": committees,
            "page": page,
            "query": f"committee={committee.pk}",
            # Admins reach the page from the administration: show its tabs.
            "in_administration": access.is_admin_of(committee.pk),
            "section": "removed",
        },
    )


@login_required
@require_POST
def restore(request: HttpRequest) -> HttpResponse:
    """Restore one item (the row's button, ``item``) or the ticked ones (``selected``).
    An item that is not a removed or restored item of the committee answers 404."""
    access = access_for(request.user)
    committee, _committees = _pick_committee(request, access)
    back = _list_url(committee, request.GET.get("page"))
    tokens = request.POST.getlist("item")[:1] or request.POST.getlist("selected")
    ids = parse_tokens(tokens)
    if ids is None:
        raise Http404
    proposal_ids, directive_ids = ids
    if not proposal_ids and not directive_ids:
        messages.warning(request, _("No item was chosen: tick the items to restore."))
        return redirect(back)
    proposals = restorable_proposals(access).filter(
        report__meeting__committee=committee, pk__in=proposal_ids
    )
    directives = restorable_directives(access).filter(
        conclusion__meeting__committee=committee, pk__in=directive_ids
    )
    if proposals.count() != len(proposal_ids) or directives.count() != len(directive_ids):
        raise Http404
    try:
        count = services.restore_removed(
            proposals=proposals, directives=directives, by=request.user
        )
    except ValidationError as error:
        messages.error(
            request,
            _("Nothing was restored. %(reasons)s") % {"reasons": " ".join(error.messages)},
        )
        return redirect(back)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d item restored; it is back at the end of its report or conclusion.",
                "%(count)d items restored; they are back at the end of their report or conclusion.",
                count,
            )
            % {"count": count},
        )
    earlier = len(proposal_ids) + len(directive_ids) - count
    if earlier:
        messages.info(
            request,
            ngettext(
                "%(count)d item had already been restored by someone else.",
                "%(count)d items had already been restored by someone else.",
                earlier,
            )
            % {"count": earlier},
        )
    return redirect(back)
