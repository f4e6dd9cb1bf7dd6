"""Writes that change several rows at once: create, rename, end and merge
organizations; import them from a file; create accounts, reset their passwords and
lockouts, grant and end roles. Each runs in one transaction and never rewrites or
deletes history; what concerns an account is written to the security log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import IO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import SecurityEvent, User
from accounts.security_log import record, record_each
from giaoban.pagecache import changed
from giaoban.text import name_key, typed_name
from organizations import importer
from organizations.importer import ImportResult
from organizations.models import (
    AccountOwner,
    CommitteeParent,
    Organization,
    OrganizationKind,
    OrganizationName,
    PartyCommittee,
    Role,
    Succession,
    check_name_free,
)


@transaction.atomic
def create_organization(
    *,
    committee: PartyCommittee,
    name: str,
    kind: str,
    short_name: str = "",
    display_order: int | None = None,
    reports_at_meetings: bool | None = None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> Organization:
    """Create an organization with its first name on record, its name as typed.

    Without ``display_order`` it takes its kind's (statutory order: the Front first).
    Once the committee has meetings, ``valid_from`` is required: an organization without
    one would count among the organizations of every meeting already held."""
    organization = Organization(
        committee=committee,
        name=name,
        short_name=short_name,
        kind=kind,
        display_order=display_order,
        reports_at_meetings=(
            kind != OrganizationKind.PARTY_BODY
            if reports_at_meetings is None
            else reports_at_meetings
        ),
        valid_from=valid_from,
        valid_until=valid_until,
    )
    organization.full_clean()
    organization.save()
    record_first_name(organization)
    changed([committee.pk])
    return organization


def record_first_name(organization: Organization) -> OrganizationName:
    """The name row covering an organization's whole life, for a new organization."""
    changed([organization.committee_id])
    return OrganizationName.objects.create(
        organization=organization,
        name=organization.name,
        short_name=organization.short_name,
        valid_from=organization.valid_from,
        valid_until=organization.valid_until,
    )


def sync_name_bounds(organization: Organization) -> None:
    """After an organization's dates change, its first name starts and its last name ends
    with it, so that names and existence never disagree."""
    changed([organization.committee_id])
    names = list(organization.names.order_by(F("valid_from").asc(nulls_first=True), "pk"))
    if not names:
        record_first_name(organization)
        return
    first, last = names[0], names[-1]
    if first.valid_from != organization.valid_from:
        first.valid_from = organization.valid_from
        first.save(update_fields=["valid_from"])
    if last.valid_until != organization.valid_until:
        last.valid_until = organization.valid_until
        last.save(update_fields=["valid_until"])


@transaction.atomic
def rename_organization(
    *, organization: Organization, name: str, short_name: str = "", on: dt.date
) -> OrganizationName:
    """From ``on``, the organization bears ``name`` (as typed); the earlier name stays on
    record."""
    name = typed_name(name)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    current = organization.names.valid_on(on).first()
    if current is not None and current.valid_from and on <= current.valid_from:
        raise ValidationError(
            _("The new name must take effect after %(date)s, when the current name did.")
            % {"date": date_format(current.valid_from, "SHORT_DATE_FORMAT")}
        )
    if not organization.is_valid_on(on):
        raise ValidationError(_("The organization does not exist on that date."))
    check_name_free(
        committee_id=organization.committee_id,
        name=name,
        start=on,
        end=organization.valid_until,
        exclude_organization_id=organization.pk,
    )
    if current is not None:
        current.valid_until = on
        current.save(update_fields=["valid_until"])
    new_name = OrganizationName.objects.create(
        organization=organization,
        name=name,
        short_name=short_name,
        valid_from=on,
        valid_until=organization.valid_until,
    )
    organization.name = name
    organization.short_name = short_name
    organization.save(update_fields=["name", "short_name"])
    changed([organization.committee_id])
    return new_name


@transaction.atomic
def merge_organizations(
    *,
    sources: Sequence[Organization],
    into: Organization | None = None,
    new_name: str = "",
    new_short_name: str = "",
    new_kind: str = "",
    on: dt.date,
    by: User | None = None,
    note: str = "",
) -> Organization:
    """Merge ``sources`` into ``into`` from ``on``, or into a new organization of their
    committee named ``new_name`` (of kind ``new_kind``) that comes into existence on
    ``on``; returns the successor.

    The sources cease to exist on ``on`` (their last day is the day before), the
    successor records them as predecessors, and nothing of theirs is deleted. A merger
    refused leaves nothing behind, not even the new organization. Their open directive
    parts are the follow-up's: ``tracking.services.merge_organizations`` hands them over.
    """
    sources = list(sources)
    if not sources:
        raise ValidationError(_("Choose at least one organization to merge."))
    if into is not None and new_name:
        raise ValidationError(_("Choose an existing organization or give a new name, not both."))
    if into is None:
        if not new_name:
            raise ValidationError(
                _("Choose the organization to merge into, or give the name of a new one.")
            )
        into = create_organization(
            committee=sources[0].committee,
            name=new_name,
            short_name=new_short_name,
            kind=new_kind,
            valid_from=on,
        )
    if any(source.pk == into.pk for source in sources):
        raise ValidationError(_("An organization cannot be merged into itself."))
    locked = {
        org.pk: org
        for org in Organization.objects.select_for_update().filter(
            pk__in=[s.pk for s in sources] + [into.pk]
        )
    }
    into = locked[into.pk]
    ceasing = [locked[s.pk] for s in sources]
    errors = [
        _("“%(name)s” belongs to another committee.") % {"name": source.name}
        for source in ceasing
        if source.committee_id != into.committee_id
    ]
    if into.has_ceased_by(on):
        errors.append(_("The successor no longer exists on that date."))
    errors = errors or _refusals_to_cease(
        ceasing,
        on,
        later_name=_(
            "“%(name)s” was named so from %(date)s, after the merger date; check the date."
        ),
    )
    if errors:
        raise ValidationError(errors)
    _cease(ceasing, on, by=by)
    # A successor created for the merger starts on its date; an older one keeps its history.
    if into.valid_from is not None and into.valid_from > on:
        into.valid_from = on
        into.save(update_fields=["valid_from"])
        into.names.filter(valid_from__gt=on).update(valid_from=on)
    Succession.objects.bulk_create(
        Succession(predecessor=source, successor=into, date=on, note=note, recorded_by=by)
        for source in ceasing
    )
    changed([into.committee_id, *(source.committee_id for source in ceasing)])
    return into


@transaction.atomic
def merge_committee(
    *,
    committee: PartyCommittee,
    into: PartyCommittee,
    on: dt.date,
    successors: Mapping[int, Organization | None],
    children_to: PartyCommittee | None = None,
    by: User | None = None,
    request=None,
    note: str = "",
) -> PartyCommittee:
    """From ``on``, ``committee`` is merged into ``into`` (as Hà Giang into Tuyên Quang on
    1 July 2025): it ceases to exist (its last day is the day before) and names ``into``
    its successor; each of its organizations existing the day before merges into the
    organization ``successors`` names for it (by id; None: it ends with the committee)
    across the two committees; the committees under it move under ``children_to``
    (``into`` unless given); its people's roles end. Nothing of its is deleted: its
    meetings keep its name and its organizations' names of their day, and ``into``'s
    people read and follow them up (``PartyCommittee.absorbed_ids``).

    Refused as a whole (``ValidationError``, nothing written) when either committee does
    not exist then, they are of different levels, one is the other's ancestor, or an
    organization has no successor given or one not of ``into`` or not existing on
    ``on``. Open directive parts are the follow-up's:
    ``tracking.services.merge_committee`` hands them over."""
    locked = {
        c.pk: c
        for c in PartyCommittee.objects.select_for_update().filter(pk__in=[committee.pk, into.pk])
    }
    committee, into = locked[committee.pk], locked[into.pk]
    organizations = list(committee.organizations.existing_before(on))
    errors = _refusals_to_merge(committee, into, on, organizations, successors)
    if errors:
        raise ValidationError(errors)
    # Every organization ceases at once (in bulk: as many queries for 3 as for 30), each
    # with a successor recording it as its predecessor across the two committees.
    _cease(organizations, on, by=by)
    Succession.objects.bulk_create(
        Succession(
            predecessor=organization,
            successor=successors[organization.pk],
            date=on,
            note=note,
            recorded_by=by,
        )
        for organization in organizations
        if successors[organization.pk] is not None
    )
    children = list(committee.children.not_ceased_by(on))
    if children:
        move_committees(committees=children, parent=children_to or into, on=on, by=by)
    committee.valid_until, committee.successor = on, into
    committee.save(update_fields=["valid_until", "successor"])
    into.absorbed_ids = [*into.absorbed_ids, committee.pk, *committee.absorbed_ids]
    into.save(update_fields=["absorbed_ids"])
    roles = Role.objects.active().filter(committee=committee)
    ended = list(roles.values_list("user__username", flat=True))
    roles.update(is_active=False)
    if by is not None and ended:
        record_each(SecurityEvent.Kind.ROLE_ENDED, request, user=by, subjects=ended)
    changed([committee.pk, into.pk, *(child.pk for child in children)])
    return into


def _refusals_to_merge(
    committee: PartyCommittee,
    into: PartyCommittee,
    on: dt.date,
    organizations: Sequence[Organization],
    successors: Mapping[int, Organization | None],
) -> list[str]:
    """Why ``committee`` cannot merge into ``into`` on ``on`` (none: it can)."""
    day = lambda d: date_format(d, "SHORT_DATE_FORMAT")  # noqa: E731
    if committee.pk == into.pk:
        return [_("A committee cannot be merged into itself.")]
    errors = []
    if committee.level != into.level:
        errors.append(_("Only committees of the same level can be merged."))
    if committee.has_ceased_by(on):
        errors.append(
            _("“%(name)s” had already ceased to exist on %(date)s.")
            % {"name": committee.name, "date": day(committee.valid_until)}
        )
    elif committee.valid_from is not None and committee.valid_from >= on:
        errors.append(
            _("“%(name)s” only came into existence on %(date)s.")
            % {"name": committee.name, "date": day(committee.valid_from)}
        )
    if on > timezone.localdate():
        errors.append(
            _("A merger is recorded once it has taken effect: %(date)s is still to come.")
            % {"date": day(on)}
        )
    if committee.successor_id is not None:
        errors.append(
            _("“%(name)s” has already been merged into another committee.")
            % {"name": committee.name}
        )
    if not into.is_valid_on(on):
        errors.append(_("The successor committee does not exist on that date."))
    elif into.successor_id is not None or into.valid_until is not None:
        errors.append(
            _("“%(name)s” itself ceases to exist: merge into the committee that succeeds it.")
            % {"name": into.name}
        )
    if into.successor_id == committee.pk or into.pk in committee.absorbed_ids:
        errors.append(_("“%(name)s” was merged into this committee.") % {"name": into.name})
    later = [o for o in committee.organizations.all() if o.valid_from and o.valid_from >= on]
    errors += [
        _(
            "“%(name)s” comes into existence on %(date)s, after the merger: correct its "
            "start date or end it first."
        )
        % {"name": o.name, "date": day(o.valid_from)}
        for o in later
        if not o.has_ceased_by(o.valid_from)
    ]
    if committee.pk in into.ancestor_ids():
        errors.append(_("A committee cannot be merged into a committee under it."))
    errors += _refusals_to_cease(
        organizations,
        on,
        later_name=_(
            "“%(name)s” was named so from %(date)s, after the merger date; check the date."
        ),
    )
    own = {organization.pk for organization in organizations}
    if set(successors) - own:
        errors.append(
            _("Only the organizations of %(committee)s existing before the merger are merged.")
            % {"committee": committee.name}
        )
    for organization in organizations:
        if organization.pk not in successors:
            errors.append(_("Choose what “%(name)s” merges into.") % {"name": organization.name})
            continue
        successor = successors[organization.pk]
        if successor is None:
            continue
        if successor.committee_id != into.pk:
            errors.append(
                _("“%(name)s” can only merge into an organization of %(committee)s.")
                % {"name": organization.name, "committee": into.name}
            )
        elif not successor.is_valid_on(on):
            errors.append(
                _("“%(name)s” does not exist on %(date)s.")
                % {"name": successor.name, "date": day(on)}
            )
    return errors


def likely_successor(organization: Organization, candidates) -> Organization | None:
    """The organization among ``candidates`` (the successor committee's) ``organization``
    most likely merges into: the only one of its kind, else the one of its kind whose name
    begins with the most of its words, at least two ("Ban Dân vận Tỉnh ủy …" into "Ban
    Dân vận Tỉnh ủy …"); None when no guess stands out."""
    same_kind = [c for c in candidates if c.kind == organization.kind]
    if len(same_kind) == 1:
        return same_kind[0]
    words = organization.name.casefold().split()

    def shared(candidate) -> int:
        theirs = candidate.name.casefold().split()
        return next(
            (i for i, pair in enumerate(zip(words, theirs, strict=False)) if pair[0] != pair[1]),
            min(len(words), len(theirs)),
        )

    ranked = sorted(same_kind, key=shared, reverse=True)
    if (
        ranked
        and shared(ranked[0]) >= 2
        and (len(ranked) == 1 or shared(ranked[1]) < shared(ranked[0]))
    ):
        return ranked[0]
    return None


@transaction.atomic
def move_committees(
    *,
    committees: Sequence[PartyCommittee],
    parent: PartyCommittee,
    on: dt.date,
    by: User | None = None,
) -> list[PartyCommittee]:
    """From ``on``, ``committees`` come under ``parent`` (as communes under the province
    when their district ended on 1 July 2025); the parent each had until then stays on
    record (``CommitteeParent``), so does every past meeting; one that only comes into
    existence later comes under ``parent`` from its start. Refused as a whole when a
    committee has ceased by then or the parent does not exist then, when one would come
    under itself or a committee under it, or when one's parent already changed on or
    after ``on``."""
    committees = list(
        PartyCommittee.objects.select_for_update().filter(pk__in=[c.pk for c in committees])
    )
    if not committees:
        raise ValidationError(_("Choose at least one committee to move."))
    errors = []
    if not parent.is_valid_on(on):
        errors.append(
            _("“%(name)s” does not exist on %(date)s.")
            % {"name": parent.name, "date": date_format(on, "SHORT_DATE_FORMAT")}
        )
    ancestors = parent.ancestor_ids()
    later = set(
        CommitteeParent.objects.filter(committee__in=committees, valid_from__gte=on).values_list(
            "committee_id", flat=True
        )
    )
    for committee in committees:
        if committee.pk in ancestors:
            errors.append(
                _("“%(name)s” cannot come under itself or a committee under it.")
                % {"name": committee.name}
            )
        elif committee.has_ceased_by(on):
            errors.append(
                _("“%(name)s” does not exist on %(date)s.")
                % {"name": committee.name, "date": date_format(on, "SHORT_DATE_FORMAT")}
            )
        elif committee.pk in later:
            errors.append(
                _("“%(name)s” already came under another committee on or after that date.")
                % {"name": committee.name}
            )
    if errors:
        raise ValidationError(errors)
    current = {
        row.committee_id: row
        for row in CommitteeParent.objects.filter(
            committee__in=committees, valid_until__isnull=True
        )
    }
    CommitteeParent.objects.filter(pk__in=[row.pk for row in current.values()]).update(
        valid_until=on
    )
    CommitteeParent.objects.bulk_create(
        [
            # The parent it had until then, for a committee that never moved before.
            CommitteeParent(
                committee=c,
                parent_id=c.parent_id,
                valid_from=c.valid_from,
                valid_until=on,
                recorded_by=by,
            )
            for c in committees
            # (One that only comes into existence on or after ``on`` had no parent before.)
            if c.pk not in current and (c.valid_from is None or c.valid_from < on)
        ]
        + [
            CommitteeParent(
                committee=c,
                parent=parent,
                valid_from=max(on, c.valid_from) if c.valid_from else on,
                recorded_by=by,
            )
            for c in committees
        ]
    )
    PartyCommittee.objects.filter(pk__in=[c.pk for c in committees]).update(parent=parent)
    for committee in committees:
        committee.parent = parent
    changed([parent.pk, *(c.pk for c in committees)])
    return committees


@transaction.atomic
def end_organization(
    *, organization: Organization, on: dt.date, by: User | None = None, request=None
) -> Organization:
    """From ``on`` the organization no longer exists (its last day is the day before) and
    nobody reports for it any more: its active roles end. Its names, reports and
    directives stay on record. Its open directive parts are the follow-up's:
    ``tracking.services.end_organization`` refuses while there are any."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    errors = _refusals_to_cease(
        [organization],
        on,
        later_name=_("“%(name)s” was named so from %(date)s, after the end date; check the date."),
    )
    if errors:
        raise ValidationError(errors)
    _cease([organization], on, by=by)
    roles = Role.objects.active().filter(organization=organization)
    ended = list(roles.values_list("user__username", flat=True))
    roles.update(is_active=False)
    if by is not None and ended:
        record_each(SecurityEvent.Kind.ROLE_ENDED, request, user=by, subjects=ended)
    changed([organization.committee_id])
    return organization


def _refusals_to_cease(
    organizations: Sequence[Organization], on: dt.date, *, later_name: str
) -> list[str]:
    """Why ``organizations`` cannot cease to exist from ``on`` (none: they can). Each must
    exist on the day before; one that already ceases on ``on`` may be ended or merged on
    that day again. None may bear a name taken on ``on`` or later (``later_name``)."""
    errors = []
    for organization in organizations:
        if organization.valid_until is not None and organization.valid_until < on:
            errors.append(
                _("“%(name)s” had already ceased to exist on %(date)s.")
                % {
                    "name": organization.name,
                    "date": date_format(organization.valid_until, "SHORT_DATE_FORMAT"),
                }
            )
        elif organization.valid_from is not None and organization.valid_from >= on:
            errors.append(
                _("“%(name)s” only came into existence on %(date)s.")
                % {
                    "name": organization.name,
                    "date": date_format(organization.valid_from, "SHORT_DATE_FORMAT"),
                }
            )
    if errors:
        return errors
    later = (
        OrganizationName.objects.filter(organization__in=organizations, valid_from__gte=on)
        .order_by("valid_from", "pk")
        .first()
    )
    if later is not None:
        errors.append(
            later_name
            % {"name": later.name, "date": date_format(later.valid_from, "SHORT_DATE_FORMAT")}
        )
    return errors


def _cease(organizations: Sequence[Organization], on: dt.date, *, by: User | None) -> None:
    """From ``on``, ``organizations`` and their names no longer exist (in bulk, with the
    organizations' history)."""
    for organization in organizations:
        organization.valid_until = on
    bulk_update_with_history(organizations, Organization, ["valid_until"], default_user=by)
    OrganizationName.objects.filter(organization__in=organizations).not_ceased_by(on).update(
        valid_until=on
    )


@transaction.atomic
def grant_role(
    *,
    user: User,
    committee: PartyCommittee,
    kind: str,
    organization: Organization | None = None,
    by: User | None = None,
    request=None,
) -> Role:
    """Give ``user`` a role (idempotent; an ended role is taken up again). An account
    that belongs to no committee yet belongs to this one from now. Given by an admin
    (``by``), it is written to the security log."""
    role = Role(user=user, committee=committee, kind=kind, organization=organization)
    role.full_clean(validate_unique=False, validate_constraints=False)
    role, _created = Role.objects.update_or_create(
        user=user,
        committee=committee,
        kind=kind,
        organization=organization,
        defaults={"is_active": True},
    )
    # An account made outside these pages (by a superuser) belongs to the first
    # committee that gives it a role.
    AccountOwner.objects.get_or_create(
        user=user, defaults={"committee": committee, "created_by": by}
    )
    if by is not None:
        record(SecurityEvent.Kind.ROLE_GRANTED, request, user=by, subject=user.username)
    changed([committee.pk])
    return role


@transaction.atomic
def end_role(*, role: Role, by: User, request=None) -> Role:
    """The person no longer holds ``role``; the row stays (it can be granted again).
    Logged once, by whoever actually ended it (two admins may press at once)."""
    if Role.objects.filter(pk=role.pk, is_active=True).update(is_active=False):
        record(SecurityEvent.Kind.ROLE_ENDED, request, user=by, subject=role.user.username)
        changed([role.committee_id])
    role.is_active = False
    return role


@transaction.atomic
def create_account(
    *,
    committee: PartyCommittee,
    username: str,
    full_name: str,
    password: str,
    kind: str,
    organization: Organization | None = None,
    job_title: str = "",
    email: str = "",
    by: User,
    request=None,
) -> User:
    """An account with its first role, owned from its first save by ``committee``, so
    that no admin of another committee ever sees it while it holds no role there."""
    user = User(
        username=username,
        full_name=typed_name(full_name),
        job_title=job_title,
        email=email,
    )
    user.set_password(password)
    taken = ValidationError({"username": _("This user name is already taken.")})
    if User.objects.filter(username__iexact=username).exists():
        raise taken
    user.full_clean(exclude=["password"])
    try:
        # Another admin may have taken the name since the check: refused, not a 500.
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise taken from None
    AccountOwner.objects.create(user=user, committee=committee, created_by=by)
    grant_role(user=user, committee=committee, kind=kind, organization=organization)
    record(SecurityEvent.Kind.ACCOUNT_CREATED, request, user=by, subject=user.username)
    return user


@transaction.atomic
def reset_password(*, user: User, password: str, by: User, request=None) -> None:
    """Give ``user`` a new password; their signed-in sessions end with the old one."""
    user.set_password(password)
    user.save(update_fields=["password"])
    record(SecurityEvent.Kind.PASSWORD_RESET, request, user=by, subject=user.username)


@transaction.atomic
def lift_lockout(*, user: User, by: User, request=None) -> int:
    """Forget the failed sign-ins that locked ``user`` out; returns how many."""
    from axes.utils import reset

    count = reset(username=user.username)
    record(SecurityEvent.Kind.LOCKOUT_LIFTED, request, user=by, subject=user.username)
    return count


@transaction.atomic
def save_organization(*, organization: Organization, created: bool, fields: Sequence[str]) -> None:
    """Save an organization edited field by field (the admin's form; ``fields``: those the
    form changed): a new one gets its first name on record; new dates of existence move
    its names' bounds. A new one, or one whose start date is cleared, needs a start date
    once its committee has meetings (``Organization.clean``); left empty, the display
    order is its kind's."""
    organization.full_clean()
    organization.save()
    if created:
        record_first_name(organization)
    elif {"valid_from", "valid_until"} & set(fields):
        sync_name_bounds(organization)
    changed([organization.committee_id])


@transaction.atomic
def import_organizations(
    *,
    data: IO[bytes],
    filename: str,
    by: User | None = None,
    allowed_committee_ids: set[int] | None = None,
) -> ImportResult:
    """Create the committees and organizations of a CSV or XLSX file: every row is checked
    first (``importer``); then everything is created, with its history and first names,
    in a fixed number of queries whatever the number of rows, or nothing is.

    With ``allowed_committee_ids`` (a committee admin's import), organizations may only be
    added to those committees, and committees only below them."""
    plan, result = importer.check_file(data, filename, allowed_committee_ids=allowed_committee_ids)
    if plan is None:
        return result
    ids = {key: pks[0] for key, pks in plan.committees_by_key.items() if len(pks) == 1}
    committees = [committee for _row, committee, _parent in plan.new_committees]
    for _row, committee, parent_key in plan.new_committees:
        committee.parent_id = ids.get(parent_key) if parent_key else None
    PartyCommittee.objects.bulk_create(committees)
    ids |= {name_key(committee.name): committee.pk for committee in committees}
    # A parent on an earlier row of the file has its id only now.
    below_new = []
    for _row, committee, parent_key in plan.new_committees:
        if parent_key and committee.parent_id is None:
            committee.parent_id = ids[parent_key]
            below_new.append(committee)
    if below_new:
        PartyCommittee.objects.bulk_update(below_new, ["parent"])
    # Their first history records, as they stand once created.
    PartyCommittee.history.bulk_history_create(committees, default_user=by)
    organizations = []
    for _row, organization, committee_key in plan.new_organizations:
        organization.committee_id = ids[committee_key]
        organizations.append(organization)
    bulk_create_with_history(organizations, Organization, default_user=by)
    OrganizationName.objects.bulk_create(
        [
            OrganizationName(
                organization=organization,
                name=organization.name,
                short_name=organization.short_name,
                valid_from=organization.valid_from,
                valid_until=organization.valid_until,
            )
            for organization in organizations
        ]
    )
    # The committees that got organizations, the new ones and those they come under.
    changed(
        {organization.committee_id for organization in organizations}
        | {committee.pk for committee in committees}
        | {committee.parent_id for committee in committees}
    )
    return result
