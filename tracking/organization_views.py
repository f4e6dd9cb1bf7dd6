"""Pages of an organization that its follow-up decides: its page with its directives and
completion figures, and ending or merging it in the committee administration (open
directive parts refuse the end, pass to the successor in a merger). At the addresses of
the organizations pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from giaoban import pagecache
from giaoban.compiled import CompiledQuery
from giaoban.pagecache import kept_between_changes
from organizations.access import access_for, administered_organization, pick_administered
from organizations.forms import DayForm
from organizations.manage_forms import CommitteeMergeForm, EndForm, ManageMergeForm
from organizations.manage_pages import add_errors, form_page, manage_url
from organizations.models import Organization, OrganizationName, Succession
from organizations.queries import changes_of, reporters_by_organization
from tracking import services, stats
from tracking.models import Status
from tracking.queries import directives_of_organization


@require_safe
@login_required
@kept_between_changes(params=("on",), depends=pagecache.lists)
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One organization: its name on a date, its names over time, mergers, reporters."""
    access = access_for(request.user)
    # Its names in time order, each read with the organization, its committee and whether
    # it took part in a merger (most never did: their page then reads no successions),
    # in one compiled query (giaoban/compiled.py), kept if the user may read its committee.
    # (Their model's ordering would join the organization and committee to sort by them
    # first.) It has one at least, recorded when it was created; one made otherwise,
    # without any, is read alone.
    names = ORGANIZATION_NAMES.fetch(organization=pk) if 0 < pk < 2**63 else []
    if names and not access.reads_committee(names[0].organization.committee_id):
        names = []  # not the user's to see: found below as it is for a page without names
    if names:
        organization = names[0].organization
        organization.merged = names[0].merged
    else:
        organization = get_object_or_404(
            access.organizations()
            .select_related("committee")
            .annotate(merged=Exists(merger_of(OuterRef("pk")))),
            pk=pk,
        )
    day_form = DayForm(request.GET)
    day = day_form.day(timezone.localdate())
    successions = []
    if organization.merged:
        successions = list(
            merger_of(organization.pk).select_related("predecessor", "successor").order_by("date")
        )
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "day": day,
            "name_on_day": next((n.name for n in names if n.is_valid_on(day)), organization.name),
            "existed_on_day": organization.is_valid_on(day),
            "names": names,
            "predecessors": [s for s in successions if s.successor_id == organization.pk],
            "successors": [s for s in successions if s.predecessor_id == organization.pk],
            "reporters": reporters_by_organization([organization.pk]).get(organization.pk, []),
            # Its directives' statuses on the page's day (today at the latest).
            **_directives_of(organization, min(day, timezone.localdate())),
            "day_error": day_error(day_form),
            "day_form": day_form.shown(day),
            "changes": (
                changes_of(organization) if access.is_staff_of(organization.committee_id) else []
            ),
        },
    )


def merger_of(organization) -> QuerySet[Succession]:
    """The successions ``organization`` (an id, or a reference to one) took part in."""
    return Succession.objects.filter(Q(predecessor=organization) | Q(successor=organization))


ORGANIZATION_NAMES = CompiledQuery(
    lambda organization: (
        OrganizationName.objects.filter(organization_id=organization)
        .select_related("organization__committee")
        .annotate(merged=Exists(merger_of(OuterRef("organization_id"))))
        .order_by(F("valid_from").asc(nulls_first=True))
    ),
    organization=int,
)


def day_error(form: DayForm) -> str:
    """What is wrong with the day typed (``?on=``), in a sentence ("" when nothing is)."""
    if not form.is_bound or form.is_valid():
        return ""
    return _("Invalid date “%(value)s”: %(error)s") % {
        "value": form.data.get("on", ""),
        "error": " ".join(form.errors["on"]),
    }


def _directives_of(organization: Organization, day) -> dict:
    """Its directives across periods (latest first) and its completion figures on ``day``
    (only the progress that had happened by then counted)."""
    counts, recent = directives_of_organization(organization.pk, day)
    return {
        "status_day": day,
        "directive_counts": [(Status(s), n) for s, n in counts.items() if n],
        "directive_total": sum(counts.values()),
        "on_time_rate": stats.overall_rate(counts),
        "recent_directives": recent,
    }


@login_required
def organization_end(request: HttpRequest, pk: int) -> HttpResponse:
    organization = administered_organization(request, pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_organization(
                organization=organization,
                on=form.cleaned_data["date"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(name)s” ceases to exist; its records are kept.")
                % {"name": organization.name},
            )
            return redirect(manage_url("organizations:manage", organization.committee))
    return form_page(
        request,
        form,
        title=_("End an organization"),
        lead=organization.name,
        committee=organization.committee,
        section="organizations",
        submit=_("End"),
        cancel=manage_url("organizations:manage", organization.committee),
    )


@login_required
def organization_merge(request: HttpRequest) -> HttpResponse:
    """Merge several organizations of the committee into one, existing or new."""
    committee, _committees = pick_administered(request, access_for(request.user))
    candidates = (
        Organization.objects.filter(committee=committee)
        .not_ceased_by(timezone.localdate())
        .order_by("display_order", "name")
    )
    form = ManageMergeForm(
        request.POST or None,
        organizations=candidates,
        initial={"sources": request.GET.getlist("source")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sources = list(data["sources"])
        try:
            successor = services.merge_organizations(
                sources=sources,
                into=data["successor"],
                new_name=data["new_name"],
                new_short_name=data["new_short_name"],
                new_kind=data["new_kind"],
                on=data["date"],
                by=request.user,
                note=data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d organization merged into “%(name)s”.",
                    "%(count)d organizations merged into “%(name)s”.",
                    len(sources),
                )
                % {"count": len(sources), "name": successor.name},
            )
            return redirect(manage_url("organizations:manage", committee))
    return form_page(
        request,
        form,
        title=_("Merge organizations"),
        committee=committee,
        section="organizations",
        submit=_("Merge"),
        cancel=manage_url("organizations:manage", committee),
    )


@login_required
def committee_merge(request: HttpRequest) -> HttpResponse:
    """Merge the chosen committee into another of the same level (provinces merged on
    1 July 2025): first the successor and the date, then what each organization merges
    into (guessed by kind and name); its open directives pass to their successors."""
    access = access_for(request.user)
    committee, committees = pick_administered(request, access)
    today = timezone.localdate()
    candidates = (
        access.administered_committees()
        .filter(level=committee.level)
        .exclude(pk=committee.pk)
        .not_ceased_by(today)
        .order_by("name")
    )
    post = request.POST if request.method == "POST" else None
    first = CommitteeMergeForm(post, candidates=candidates)
    form = first
    if post is not None and first.is_valid():
        data = first.cleaned_data
        into, on = data["into"], data["date"]
        organizations = committee.organizations.existing_before(on).order_by(
            "display_order", "name"
        )
        successor_organizations = into.organizations.valid_on(on).order_by("display_order", "name")
        children = list(committee.children.not_ceased_by(on).order_by("name"))
        parents = (
            access.administered_committees().valid_on(on).exclude(pk=committee.pk).order_by("name")
        )
        mapped = post.get("step") == "map"
        form = CommitteeMergeForm(
            post if mapped else None,
            initial={"into": into.pk, "date": on, "note": data["note"]},
            candidates=candidates,
            organizations=organizations,
            successor_organizations=successor_organizations,
            children=children,
            parents=parents,
            mapping=True,
        )
        if mapped and form.is_valid():
            try:
                services.merge_committee(
                    committee=committee,
                    into=into,
                    on=on,
                    successors=form.successors(),
                    children_to=form.cleaned_data.get("children_to"),
                    by=request.user,
                    request=request,
                    note=data["note"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "%(committee)s is merged into %(successor)s from %(date)s; its open "
                        "directives are followed up by its successor's organizations."
                    )
                    % {
                        "committee": committee.name,
                        "successor": into.name,
                        "date": date_format(on, "SHORT_DATE_FORMAT"),
                    },
                )
                return redirect(manage_url("organizations:manage", into))
    mapping = form.fields["step"].initial == "map"
    return form_page(
        request,
        form,
        title=_("Merge the committee into another"),
        lead=_("Choose what each organization merges into, then confirm.") if mapping else None,
        committee=committee,
        committees=committees,
        section="organizations",
        submit=_("Merge") if mapping else _("Continue"),
        cancel=manage_url("organizations:manage", committee),
    )
