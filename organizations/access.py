"""The one place that answers "what may this user see and change".

Views never filter by role themselves: they ask ``access_for(request.user)``
for a scoped queryset, or pass theirs through ``Access.scope``. A view that
fetches an object without going through here is a bug the permission tests
are there to catch.

The rules (DOMAIN.md, "The people who use it"):
- staff (Ban Dân vận) see and change everything of their committee;
- leaders read everything of their committee;
- reporters see their committee and change what belongs to their organization;
- admins manage the organizations, accounts and roles of their committee and of
  the committees below it (the accounts: those holding a role there, or created
  there and holding none);
- superusers see everything.
Nobody sees another committee's data by holding a role elsewhere.

The apps above apply these rules to their own data in their ``access.py``
(``meetings.access``, ``search.access``): this module imports no app above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from django.db.models import Q, QuerySet

from giaoban.compiled import CompiledQuery
from organizations.models import (
    MAX_COMMITTEE_DEPTH,
    Organization,
    PartyCommittee,
    Role,
    RoleKind,
)


class Action(Enum):
    VIEW = "view"
    CHANGE = "change"


VIEW, CHANGE = Action.VIEW, Action.CHANGE


@dataclass
class Access:
    """What one user may see and change, loaded once per request (one query)."""

    user_id: int | None
    is_superuser: bool = False
    roles: list[Role] = field(default_factory=list)
    _administered: set[int] | None = field(default=None, repr=False)

    # --- committees -----------------------------------------------------------

    def committee_ids(self, *kinds: str) -> set[int]:
        """Committees where the user holds one of ``kinds`` (any role if none given), and
        those merged into them: a successor's people read and follow up what its
        predecessors recorded (``PartyCommittee.absorbed_ids``, read with the roles)."""
        return {
            pk
            for r in self.roles
            if not kinds or r.kind in kinds
            for pk in (r.committee_id, *r.committee.absorbed_ids)
        }

    def read_committee_ids(self) -> set[int]:
        """Committees whose records the user may see (``scope`` with VIEW)."""
        return self.committee_ids(
            RoleKind.STAFF, RoleKind.LEADER, RoleKind.REPORTER, RoleKind.ADMIN
        )

    def reads_committee(self, committee_id: int) -> bool:
        """Whether the user may see the records of this committee (as ``scope`` does)."""
        return self.is_superuser or committee_id in self.read_committee_ids()

    def organization_ids(self) -> set[int]:
        """Organizations the user reports for."""
        return {r.organization_id for r in self.roles if r.kind == RoleKind.REPORTER}

    def has_any_role(self) -> bool:
        return self.is_superuser or bool(self.roles)

    def is_staff_of(self, committee_id: int) -> bool:
        return self.is_superuser or committee_id in self.committee_ids(RoleKind.STAFF)

    def is_reporter_for(self, organization_id: int) -> bool:
        return organization_id in self.organization_ids()

    def role_committee(self, committee_id: int) -> PartyCommittee | None:
        """The committee ``committee_id`` if the user holds a role there (read with the
        roles: no query)."""
        return next((r.committee for r in self.roles if r.committee_id == committee_id), None)

    def kinds_in(self, committee_id: int) -> set[str]:
        return {
            r.kind
            for r in self.roles
            if r.committee_id == committee_id or committee_id in r.committee.absorbed_ids
        }

    def committees(self) -> QuerySet[PartyCommittee]:
        """Committees whose pages the user may read: those where they hold a role."""
        qs = PartyCommittee.objects.all()
        if self.is_superuser:
            return qs
        return qs.filter(pk__in=self.committee_ids())

    def staff_committees(self) -> QuerySet[PartyCommittee]:
        """Committees whose meetings the user creates and edits: where they are staff."""
        qs = PartyCommittee.objects.all()
        if self.is_superuser:
            return qs
        return qs.filter(pk__in=self.committee_ids(RoleKind.STAFF))

    def administered_committee_ids(self) -> set[int]:
        """Committees the user administers: where they are admin, and those below.
        Computed once per request."""
        if self._administered is None:
            self._administered = self._walk_administered()
        return self._administered

    def _walk_administered(self) -> set[int]:
        roots = self.committee_ids(RoleKind.ADMIN)
        found, frontier = set(roots), set(roots)
        for _level in range(MAX_COMMITTEE_DEPTH):
            if not frontier:
                break
            frontier = (
                set(
                    PartyCommittee.objects.filter(parent_id__in=frontier).values_list(
                        "pk", flat=True
                    )
                )
                - found
            )
            found |= frontier
        return found

    def administered_committees(self) -> QuerySet[PartyCommittee]:
        qs = PartyCommittee.objects.all()
        if self.is_superuser:
            return qs
        return qs.filter(pk__in=self.administered_committee_ids())

    def is_admin(self) -> bool:
        """Whether the user administers any committee (the app's administration pages)."""
        return self.is_superuser or bool(self.committee_ids(RoleKind.ADMIN))

    # --- accounts and roles (administration) -----------------------------------------

    def users(self) -> QuerySet:
        """Accounts an admin sees: those holding an active role in a committee they
        administer, or created by one of them (``AccountOwner``); never a superuser, never
        a roleless account of another committee."""
        from accounts.models import User

        if self.is_superuser:
            return User.objects.all()
        ids = self.administered_committee_ids()
        if not ids:
            return User.objects.none()
        return User.objects.filter(is_superuser=False).filter(
            Q(pk__in=Role.objects.active().filter(committee_id__in=ids).values("user_id"))
            | Q(owner__committee_id__in=ids)
        )

    def managed_users(self) -> QuerySet:
        """Accounts whose password and lockout an admin may reset: those of ``users()``
        holding no active role outside the committees they administer (resetting them
        must not open another committee's pages)."""
        users = self.users()
        if self.is_superuser:
            return users
        return users.exclude(
            pk__in=Role.objects.active()
            .exclude(committee_id__in=self.administered_committee_ids())
            .values("user_id")
        )

    def administered_roles(self) -> QuerySet[Role]:
        """Roles held in the committees the user administers."""
        qs = Role.objects.all()
        if self.is_superuser:
            return qs
        return qs.filter(committee_id__in=self.administered_committee_ids())

    def administered_organizations(self) -> QuerySet[Organization]:
        qs = Organization.objects.all()
        if self.is_superuser:
            return qs
        return qs.filter(committee_id__in=self.administered_committee_ids())

    # --- organizations --------------------------------------------------------

    def organizations(self) -> QuerySet[Organization]:
        """Organizations the user may read about (all of the committees they read)."""
        return self.scope(Organization.objects.all(), VIEW)

    def editable_organizations(self) -> QuerySet[Organization]:
        """Organizations whose own reports and progress the user may enter."""
        return self.scope(Organization.objects.all(), CHANGE, organization_path="pk")

    # --- meetings and reports ---------------------------------------------------

    def may_edit_report(self, committee_id: int, organization_id: int, locked: bool) -> bool:
        """Staff edit any report of their committee; reporters their own until it is accepted."""
        if self.is_staff_of(committee_id):
            return True
        return self.is_reporter_for(organization_id) and not locked

    def reads_proposals_of(self, committee_id: int) -> bool:
        """Staff and leaders read a committee's proposals compiled (register, document)."""
        if self.is_superuser:
            return True
        return bool(self.kinds_in(committee_id) & {RoleKind.STAFF, RoleKind.LEADER})

    def reads_any_proposals(self) -> bool:
        """Staff or leader somewhere: the menu leads them to the register of proposals."""
        return self.is_superuser or bool(self.committee_ids(RoleKind.STAFF, RoleKind.LEADER))

    def updates_progress_in(self, committee_id: int) -> bool:
        """Staff of the committee, and reporters of one of its organizations (a reporter's
        role is held in their organization's committee), record progress there."""
        return self.is_staff_of(committee_id) or committee_id in self.committee_ids(
            RoleKind.REPORTER
        )

    def reads_drafts_of(self, committee_id: int) -> bool:
        """Staff, leaders and admins read draft conclusions; reporters only issued ones."""
        if self.is_superuser:
            return True
        return bool(self.kinds_in(committee_id) & {RoleKind.STAFF, RoleKind.LEADER, RoleKind.ADMIN})

    # --- removed proposals and directives ------------------------------------------------

    def restoring_committee_ids(self) -> set[int]:
        """Committees whose removed proposals and directives the user may list and restore:
        where they are staff (who remove them, and put back what they removed by mistake)
        or admin. Not the committees below an admin's: restoring puts text back on a
        meeting's pages, which only the committee's own roles read."""
        return self.committee_ids(RoleKind.STAFF, RoleKind.ADMIN)

    def restores_in(self, committee_id: int) -> bool:
        return self.is_superuser or committee_id in self.restoring_committee_ids()

    def is_admin_of(self, committee_id: int) -> bool:
        """Whether the user holds the admin role in this very committee (superusers: any)."""
        return self.is_superuser or committee_id in self.committee_ids(RoleKind.ADMIN)

    def restoring_committees(self) -> QuerySet[PartyCommittee]:
        qs = PartyCommittee.objects.all()
        if self.is_superuser:
            return qs
        return qs.filter(pk__in=self.restoring_committee_ids())

    def may_issue_conclusion(self, committee_id: int) -> bool:
        """Staff and leaders (who approve it) may issue a conclusion."""
        if self.is_superuser:
            return True
        return bool(self.kinds_in(committee_id) & {RoleKind.STAFF, RoleKind.LEADER})

    # --- any model --------------------------------------------------------------

    def scope_committee_ids(self, action: Action = VIEW) -> set[int] | None:
        """The committees whose rows ``scope`` leaves, by their committee alone (None for a
        superuser: all): where the user reads (VIEW) or is staff (CHANGE)."""
        if self.is_superuser:
            return None
        if action is VIEW:
            return self.read_committee_ids()
        return self.committee_ids(RoleKind.STAFF)

    def scope(
        self,
        queryset: QuerySet,
        action: Action = VIEW,
        *,
        committee_path: str = "committee",
        organization_path: str | None = None,
    ) -> QuerySet:
        """Limit ``queryset`` to what the user may see (VIEW) or change (CHANGE).

        ``committee_path`` leads from the model to its committee;
        ``organization_path``, when given, to the organization that owns the
        row, so that a reporter may change their organization's rows.
        """
        if self.is_superuser:
            return queryset
        committee_id = f"{committee_path}_id" if committee_path != "pk" else "pk"
        if action is VIEW:
            return queryset.filter(**{f"{committee_id}__in": self.scope_committee_ids(VIEW)})
        allowed = Q(**{f"{committee_id}__in": self.scope_committee_ids(CHANGE)})
        if organization_path is not None:
            org_id = organization_path if organization_path == "pk" else f"{organization_path}_id"
            allowed |= Q(**{f"{org_id}__in": self.organization_ids()})
        return queryset.filter(allowed)


def roles_of(user_id) -> QuerySet[Role]:
    """The active roles of a user, with their committees (``access_for``)."""
    return (
        Role.objects.active()
        .filter(user_id=user_id)
        .select_related("committee")
        .only("id", "kind", "committee", "organization_id")
    )


# Compiled once per process (giaoban/compiled.py): every signed-in request reads them.
ROLES = CompiledQuery(lambda user: roles_of(user), user=int)


def access_for(user) -> Access:
    """The user's access, loaded once and kept on the user object for the request."""
    cached = getattr(user, "_giaoban_access", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False):
        access = Access(user_id=None)
    else:
        # With their committees: a page about the one committee of someone who holds
        # roles in one only needs no query of its own to find it (``pick_committee``).
        roles = ROLES.fetch(user=user.pk) if type(user.pk) is int else list(roles_of(user.pk))
        access = Access(user_id=user.pk, is_superuser=user.is_superuser, roles=roles)
    user._giaoban_access = access
    return access


# --- the committee a page is about ---------------------------------------------------


def choose_committee(
    request, committees: QuerySet[PartyCommittee] | list[PartyCommittee], prefer: set[int]
) -> tuple[PartyCommittee, list[PartyCommittee]]:
    """?committee=ID among ``committees`` (a query, or a list in its order; 404 for any
    other, and when there are none), else the first of them in ``prefer`` that has not
    ceased to exist, else the first that has not ceased (a ceased one only when none
    other is left). Returns it and the list (for a picker); each is marked
    ``has_ceased`` (as of today) for the page to say so."""
    from django.http import Http404
    from django.utils import timezone

    choices = (
        list(committees.order_by("level", "name"))
        if isinstance(committees, QuerySet)
        else committees
    )
    if not choices:
        raise Http404
    today = timezone.localdate()
    for committee in choices:
        committee.has_ceased = committee.has_ceased_by(today)
    wanted = request.GET.get("committee")
    chosen = next((c for c in choices if str(c.pk) == wanted), None)
    if wanted and chosen is None:
        raise Http404
    if chosen is None:
        existing = [c for c in choices if not c.has_ceased] or choices
        chosen = next((c for c in existing if c.pk in prefer), existing[0])
    return chosen, choices


def pick_committee(
    request, access: Access, *kinds: str
) -> tuple[PartyCommittee, list[PartyCommittee]]:
    """The committee a page is about, among those the user reads; by default the first
    where they hold a role. ``kinds``: only among those where they hold one of these roles
    (a page for staff and leaders opens, for someone who also reports elsewhere, on a
    committee where they may read it)."""
    own = {r.committee_id: r.committee for r in access.roles if not kinds or r.kind in kinds}
    merged = any(c.absorbed_ids for c in own.values())
    if len(own) == 1 and not access.is_superuser and not merged:
        return choose_committee(request, list(own.values()), set(own))
    if kinds and not access.is_superuser:
        return choose_committee(
            request, access.committees().filter(pk__in=access.committee_ids(*kinds)), set(own)
        )
    return choose_committee(request, access.committees(), access.committee_ids())


def pick_administered(request, access: Access) -> tuple[PartyCommittee, list[PartyCommittee]]:
    """The committee an administration page is about, among those the user administers
    (404 for anyone who administers none); by default the first where they are admin."""
    from django.http import Http404

    if not access.is_admin():
        raise Http404
    return choose_committee(
        request, access.administered_committees(), access.committee_ids(RoleKind.ADMIN)
    )


def administered_organization(request, pk: int) -> Organization:
    """An organization the user administers; 404 for any other, as for one missing."""
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    access = access_for(request.user)
    if not access.is_admin():
        raise Http404
    return get_object_or_404(access.administered_organizations().select_related("committee"), pk=pk)


# --- the page cache (giaoban/pagecache.py, PAGE_CACHE_READ_SCOPES) ------------------


def page_read_scopes(user):
    """What a user's pages depend on (``giaoban.pagecache.Reader``): the committees where
    they hold a role, those whose drafts search finds for them (as ``search.access``
    decides: staff, leaders, admins) and the organizations they report for; None when the
    user's pages are not cached (superusers: they read every committee)."""
    from giaoban.pagecache import Reader

    access = access_for(user)
    if access.is_superuser:
        return None
    return Reader(
        committees=tuple(sorted(access.committee_ids())),
        reads_drafts_in=tuple(
            sorted(access.committee_ids(RoleKind.STAFF, RoleKind.LEADER, RoleKind.ADMIN))
        ),
        reports_for=tuple(sorted(access.organization_ids())),
    )
