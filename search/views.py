"""One search page across reports, proposals, conclusions and directives."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from giaoban import pagecache
from giaoban.compiled import CompiledQuery
from giaoban.pagecache import kept_between_changes
from giaoban.params import id_param
from organizations.access import Access, access_for
from organizations.models import Organization, PartyCommittee
from search.forms import SearchForm
from search.page import page_of_results
from search.queries import candidates_sql
from search.snippets import snippet
from search.terms import parse_query

PAGE_SIZE = 20
# Nobody reads beyond this; deep pages of a huge result set are not served.
MAX_PAGES = 25


@require_safe
@login_required
@kept_between_changes(params=("page", *SearchForm.base_fields), depends=pagecache.search)
def results(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    committee = request.GET.get("committee", "")
    offered = _offered_organizations(access, committee)
    own = _own_committee(access)
    form = SearchForm(
        request.GET or None,
        committees=(
            access.committees().order_by("level", "name")
            if own is None or committee != ""
            # Their options read, and no committee to validate: the field reads no row
            # of its queryset (about 0.1 ms of the ORM's building it spared).
            else PartyCommittee.objects.none()
        ),
        committees_read=own,
        organizations=(
            _organizations(access, committee)
            if offered is None or request.GET.get("organization") not in (None, "")
            # Their options read, and no organization to validate: the field reads no
            # row of its queryset (about 0.14 ms of the ORM's spared).
            else Organization.objects.none()
        ),
        organizations_read=offered,
    )
    query = parse_query(form.cleaned_data["q"]) if form.is_valid() else parse_query("")
    page_number = _page_number(request.GET.get("page"))
    rows, has_next = [], False
    if query:
        found = candidates_sql(access, form.cleaned_data, query)
        start = (page_number - 1) * PAGE_SIZE
        rows = page_of_results(found, query, start, start + PAGE_SIZE + 1)
        has_next = len(rows) > PAGE_SIZE and page_number < MAX_PAGES
        rows = rows[:PAGE_SIZE]
        for entry in rows:
            entry.snippet = snippet(entry.text, query)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "searched": bool(query),
            "rows": rows,
            "page_number": page_number,
            "first": (page_number - 1) * PAGE_SIZE + 1,
            "last": (page_number - 1) * PAGE_SIZE + len(rows),
            "has_previous": page_number > 1,
            "has_next": has_next,
            "query": params.urlencode(),
        },
    )


def _own_committee(access: Access) -> list | None:
    """The one committee of someone who holds roles in one only, as their roles read it
    (no query of its own for the options); None otherwise."""
    own = {role.committee_id: role.committee for role in access.roles}
    merged = any(committee.absorbed_ids for committee in own.values())
    if len(own) == 1 and not access.is_superuser and not merged:
        return list(own.values())
    return None


def _organizations(access: Access, committee: str):
    """The organizations offered in the filter: of the chosen committee, else of the
    committees where the user holds a role."""
    organizations = access.organizations().order_by("committee_id", "display_order", "name")
    committee_id = id_param(committee)
    if committee_id is not None:
        return organizations.filter(committee_id=committee_id)
    return organizations.filter(committee_id__in=access.committee_ids())


def _offered_organizations(access: Access, committee: str) -> list | None:
    """The rows of ``_organizations`` (None for a superuser: the form reads them), each
    of their queries' SQL built once per process (the ORM spent about 0.8 ms building
    it on every page; giaoban/compiled.py)."""
    if access.is_superuser:
        return None
    read = sorted(access.scope_committee_ids())
    committee_id = id_param(committee)
    if committee_id is not None:
        return _OFFERED_OF.fetch(read=read, committee=committee_id) if read else []
    chosen = sorted(access.committee_ids())
    return _OFFERED_IN.fetch(read=read, committees=chosen) if read and chosen else []


def _scoped_organizations(read: list[int]):
    # ``access.organizations()`` of someone who is not a superuser, ordered.
    return Organization.objects.filter(committee_id__in=read).order_by(
        "committee_id", "display_order", "name"
    )


_OFFERED_OF = CompiledQuery(
    lambda read, committee: _scoped_organizations(read).filter(committee_id=committee),
    read=list,
    committee=int,
)
_OFFERED_IN = CompiledQuery(
    lambda read, committees: _scoped_organizations(read).filter(committee_id__in=committees),
    read=list,
    committees=list,
)


def _page_number(value: str | None) -> int:
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGES)
