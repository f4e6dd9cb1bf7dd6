"""Who is who: Party committees, their organizations, and the roles people hold.

Validity is a half-open range of dates: a committee or organization exists from
``valid_from`` (inclusive; empty means "since before records began") until
``valid_until`` (exclusive: the first day it no longer exists; empty means "still
exists"). That is how the decisions are worded ("kết thúc hoạt động từ ngày
01/7/2025"), and it lets a successor start on the very day its predecessors end.
Nothing here is rewritten when names change: earlier names are rows of their
own (``OrganizationName``) and mergers are recorded (``Succession``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giaoban.text import same_name, typed_name

MAX_COMMITTEE_DEPTH = 6


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date):
        """Rows that exist on ``day``."""
        return self.not_ceased_by(day).filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))

    def not_ceased_by(self, day: dt.date):
        """Rows that have not ceased to exist by ``day``: existing then, or only later."""
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=day))

    def existing_before(self, day: dt.date):
        """Rows that exist on the day before ``day`` and have not ceased by ``day``: those
        a change dated ``day`` (a merger) ends."""
        return self.not_ceased_by(day).filter(Q(valid_from__isnull=True) | Q(valid_from__lt=day))

    def overlapping(self, start: dt.date | None, end: dt.date | None):
        """Rows whose validity shares at least one day with [start, end)."""
        qs = self
        if end is not None:
            qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lt=end))
        if start is not None:
            qs = qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=start))
        return qs


class Validity(models.Model):
    valid_from = models.DateField(
        _("in existence from"),
        null=True,
        blank=True,
        help_text=_("Leave empty if it existed before the records in this system begin."),
    )
    valid_until = models.DateField(
        _("ceased to exist on"),
        null=True,
        blank=True,
        help_text=_("The first day on which it no longer exists. Leave empty if it still exists."),
    )

    class Meta:
        abstract = True

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and not self.has_ceased_by(day)

    def has_ceased_by(self, day: dt.date) -> bool:
        """Whether it no longer exists on ``day`` (nor later)."""
        return self.valid_until is not None and self.valid_until <= day

    def clean_validity(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValidationError(
                {"valid_until": _("The end date must be later than the start date.")}
            )


def validity_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_from__isnull=True)
        | Q(valid_until__isnull=True)
        | Q(valid_until__gt=models.F("valid_from")),
        name=name,
        violation_error_message=_("The end date must be later than the start date."),
    )


class CommitteeLevel(models.TextChoices):
    PROVINCE = "province", _("Province (Tỉnh ủy, Thành ủy)")
    DISTRICT = "district", _("District (Huyện ủy, Thị ủy, Thành ủy)")
    COMMUNE = "commune", _("Commune (Đảng ủy xã, phường, đặc khu)")


class PartyCommittee(Validity):
    """A Party committee (cấp ủy): Tỉnh ủy, Huyện ủy, Đảng ủy xã…"""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=CommitteeLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    document_suffix = models.CharField(
        _("document suffix"),
        max_length=10,
        help_text=_("The suffix of its document numbers: TU, HU or ĐU (as in “45-TB/TU”)."),
    )
    place_name = models.CharField(
        _("place name in documents"),
        max_length=100,
        blank=True,
        help_text=_("As in the date line of its documents: “Lâm Giang, ngày 02 tháng 4 năm 2024”."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    # The committees merged into this one, directly or through one merged into it, kept
    # by ``services.merge_committee``: read with the roles (``access_for``), they let a
    # successor's people read and follow up its predecessors' records with no query more.
    absorbed_ids = models.JSONField(
        _("committees merged into it"), default=list, blank=True, editable=False
    )

    objects = ValidityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party committee")
        verbose_name_plural = _("party committees")
        ordering = ["level", "name"]
        constraints = [
            validity_check("committee_valid_until_after_valid_from"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="committee_not_own_parent"
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("id")), name="committee_not_own_successor"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:list") + f"?committee={self.pk}"

    def parent_on(self, day: dt.date) -> PartyCommittee | None:
        """The committee it came under on ``day`` (one query when it ever moved; its
        ``parent`` otherwise)."""
        moves = list(
            self.parents.valid_on(day).select_related("parent").order_by("-valid_from")[:1]
        )
        if moves:
            return moves[0].parent
        if self.parents.exists():
            return None  # its recorded parents do not cover that day
        return self.parent

    def ancestor_ids(self) -> set[int]:
        """Itself and the committees above it (one query a level, ``MAX_COMMITTEE_DEPTH``
        levels at most)."""
        found, node, depth = set(), self, 0
        while node is not None and depth <= MAX_COMMITTEE_DEPTH:
            found.add(node.pk)
            node, depth = node.parent, depth + 1
        return found

    def lineage_ids(self) -> list[int]:
        """Itself and every committee merged into it (no query)."""
        return [self.pk, *self.absorbed_ids]

    def has_meetings(self) -> bool:
        """Whether any liaison meeting of the committee is on record (through the reverse
        relation: the meetings app sits above this one)."""
        return PartyCommittee.objects.filter(pk=self.pk, meetings__isnull=False).exists()

    def clean(self) -> None:
        self.clean_validity()
        self.name = typed_name(self.name)
        if self.pk and self.parent_id and self.pk in self.parent.ancestor_ids():
            raise ValidationError(
                {"parent": _("A committee cannot be its own parent or ancestor.")}
            )
        if self.successor_id:
            node, depth = self.successor, 0
            while node is not None and depth <= MAX_COMMITTEE_DEPTH:
                if node.pk == self.pk:
                    raise ValidationError(
                        {"successor": _("A committee cannot succeed itself, even indirectly.")}
                    )
                node, depth = node.successor, depth + 1


class CommitteeParent(Validity):
    """The committee a committee came under for a span of time: recorded when it moves
    (``services.move_committees``), as communes moved under the province when their
    district ended on 1 July 2025. ``PartyCommittee.parent`` is the current one."""

    committee = models.ForeignKey(
        PartyCommittee,
        verbose_name=_("party committee"),
        on_delete=models.CASCADE,
        related_name="parents",
    )
    parent = models.ForeignKey(
        PartyCommittee,
        verbose_name=_("parent committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee's parent over time")
        verbose_name_plural = _("committees' parents over time")
        ordering = ["committee", models.F("valid_from").asc(nulls_first=True)]
        constraints = [validity_check("committee_parent_valid_until_after_valid_from")]

    def __str__(self) -> str:
        return f"{self.committee} → {self.parent or '—'}"


class OrganizationKind(models.TextChoices):
    """The kinds, in the order documents list them (statutory order): the Front, then
    the trade unions, the farmers, the veterans, the women, the youth; then the party
    bodies."""

    FRONT = "front", _("Fatherland Front committee (Ủy ban MTTQ)")
    LABOUR = "labour", _("Labour Federation / Trade Union")
    FARMERS = "farmers", _("Farmers' Association")
    VETERANS = "veterans", _("Veterans' Association")
    WOMEN = "women", _("Women's Union")
    YOUTH_UNION = "youth_union", _("Ho Chi Minh Communist Youth Union")
    YOUTH_FEDERATION = "youth_federation", _("Youth Federation")
    PARTY_BODY = "party_body", _("Party body (Ban Dân vận, Văn phòng…)")
    OTHER = "other", _("Other")


# The display order each kind gets unless another is given: 10 for the Front, 20 for the
# trade unions… (gaps of ten leave room for an organization put between two kinds).
KIND_ORDER = {kind: index * 10 for index, kind in enumerate(OrganizationKind.values, start=1)}


class OrganizationQuerySet(ValidityQuerySet):
    def reporting(self):
        return self.filter(reports_at_meetings=True)

    def with_names_on(self, day: dt.date):
        """The name and short name valid on ``day``, in the same query (``name_on``)."""
        return self.annotate(
            dated_name=dated_name(day, "name"),
            dated_short_name=dated_name(day, "short_name"),
        )


def dated_name(day, field: str = "name", organization=None) -> models.Subquery:
    """A subquery of the ``field`` of the name that the ``organization`` (an expression: the
    outer query's own row by default) bore on ``day`` (a date or an expression); NULL if
    no name is dated then (its current ``name`` applies)."""
    organization = models.OuterRef("pk") if organization is None else organization
    # Ordered by the start of validity alone: the model's ordering would join the
    # organization and its committee into each subquery for nothing.
    names = (
        OrganizationName.objects.valid_on(day)
        .filter(organization=organization)
        .order_by(models.F("valid_from").asc(nulls_first=True))
    )
    return models.Subquery(names.values(field)[:1])


class Organization(Validity):
    """The Front, a socio-political organization, or a Party body of a committee."""

    committee = models.ForeignKey(
        PartyCommittee,
        verbose_name=_("party committee"),
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The current name; earlier names are kept.")
    )
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    # No default of its own: left empty, it is its kind's (``save``), so that a new
    # organization takes its statutory place rather than coming after all the others.
    display_order = models.PositiveIntegerField(
        _("display order"),
        blank=True,
        help_text=_(
            "Lists follow this order, as documents do. Leave empty for the order of its "
            "kind: the Front first, then Công đoàn, Hội Nông dân, Hội Cựu chiến binh, "
            "Hội Liên hiệp Phụ nữ, Đoàn Thanh niên, then the party bodies."
        ),
    )
    reports_at_meetings = models.BooleanField(
        _("reports at liaison meetings"),
        default=True,
        help_text=_("Whether it sends a report to each liaison meeting."),
    )

    objects = OrganizationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["committee", "display_order", "name"]
        constraints = [validity_check("organization_valid_until_after_valid_from")]
        indexes = [models.Index(fields=["committee", "display_order"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The field's default, which depends on the kind (a field default cannot).
        if self.display_order is None:
            self.display_order = KIND_ORDER.get(self.kind, KIND_ORDER[OrganizationKind.OTHER])
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("tracking_organizations:detail", args=[self.pk])

    def name_on(self, day: dt.date) -> str:
        """The name it had on ``day`` (read with the row by ``with_names_on``, else one
        query)."""
        name, _short = self._dated_names(day)
        return name or self.name

    def short_name_on(self, day: dt.date) -> str:
        name, short = self._dated_names(day)
        if name:
            return short or name
        return self.short_name or self.name

    def _dated_names(self, day: dt.date) -> tuple[str | None, str | None]:
        if "dated_name" in self.__dict__:
            return self.dated_name, self.dated_short_name
        names = list(self.names.valid_on(day)[:1])
        return (names[0].name, names[0].short_name) if names else (None, None)

    def clean(self) -> None:
        self.clean_validity()
        self.name = typed_name(self.name)
        check_start_date(self)
        if self.committee_id:
            check_name_free(
                committee_id=self.committee_id,
                name=self.name,
                start=self.valid_from,
                end=self.valid_until,
                exclude_organization_id=self.pk,
            )


START_DATE_REQUIRED = _(
    "This committee already has liaison meetings: give the date the organization came into "
    "existence, so that it is not counted in the meetings held before it."
)


def check_start_date(organization: Organization) -> None:
    """Refuse an organization without a start date in a committee that has meetings, when
    it is new or its date is being cleared: with none, it would count among the
    organizations of every meeting already held (valid on every day). One that never had a
    date existed before the records began and is left as it is."""
    if organization.valid_from is not None or not organization.committee_id:
        return
    if (
        organization.pk is not None
        and not Organization.objects.filter(pk=organization.pk, valid_from__isnull=False).exists()
    ):
        return
    if PartyCommittee(pk=organization.committee_id).has_meetings():
        raise ValidationError({"valid_from": START_DATE_REQUIRED})


def check_name_free(
    *,
    committee_id: int,
    name: str,
    start: dt.date | None,
    end: dt.date | None,
    exclude_organization_id: int | None = None,
) -> None:
    """Refuse a name another organization of the committee bears on an overlapping date.

    Names compare whatever the case, spacing or tone-mark placement ("uỷ"/"ủy").
    """
    others = (
        OrganizationName.objects.filter(organization__committee_id=committee_id)
        .exclude(organization_id=exclude_organization_id)
        .overlapping(start, end)
        .values_list("name", flat=True)
    )
    if any(same_name(other, name) for other in others):
        raise ValidationError(
            {
                "name": _(
                    "Another organization of this committee bears the name “%(name)s” "
                    "during these dates."
                )
                % {"name": name}
            }
        )


class OrganizationName(Validity):
    """A name an organization bore, with the dates it was valid; the current one too."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="names",
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("name")
        verbose_name_plural = _("names over time")
        ordering = ["organization", models.F("valid_from").asc(nulls_first=True)]
        constraints = [validity_check("organization_name_valid_until_after_valid_from")]

    def __str__(self) -> str:
        return self.name


class Succession(models.Model):
    """One organization continued by another from a date (a merger, or a split)."""

    predecessor = models.ForeignKey(
        Organization,
        verbose_name=_("predecessor"),
        on_delete=models.PROTECT,
        related_name="successions_as_predecessor",
    )
    successor = models.ForeignKey(
        Organization,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="successions_as_successor",
    )
    date = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="succession_not_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class RoleKind(models.TextChoices):
    STAFF = "staff", _("Mass Mobilization staff")
    REPORTER = "reporter", _("Organization reporter")
    LEADER = "leader", _("Leader (Standing Committee)")
    ADMIN = "admin", _("Administrator")


class RoleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Role(models.Model):
    """A role a person holds in one committee (a reporter's, in one of its organizations)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    committee = models.ForeignKey(
        PartyCommittee,
        verbose_name=_("party committee"),
        on_delete=models.PROTECT,
        related_name="roles",
    )
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roles",
        help_text=_("Required for a reporter: the organization whose reports they enter."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["committee", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="reporter", organization__isnull=False)
                | (~Q(kind="reporter") & Q(organization__isnull=True)),
                name="role_reporter_has_organization",
                violation_error_message=_(
                    "A reporter must be given an organization; other roles must not."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "committee", "kind"],
                condition=Q(organization__isnull=True),
                name="role_unique_in_committee",
                violation_error_message=_("This person already holds this role."),
            ),
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=Q(organization__isnull=False),
                name="role_unique_in_organization",
                violation_error_message=_("This person already reports for this organization."),
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.get_kind_display()} – {self.committee}"
        if self.organization_id:
            label += f" ({self.organization})"
        return label

    def clean(self) -> None:
        if self.kind == RoleKind.REPORTER and not self.organization_id:
            raise ValidationError(
                {"organization": _("A reporter must be given the organization they report for.")}
            )
        if self.kind != RoleKind.REPORTER and self.organization_id:
            raise ValidationError(
                {"organization": _("Only a reporter is attached to an organization.")}
            )
        if (
            self.organization_id
            and self.committee_id
            and self.organization.committee_id != self.committee_id
        ):
            raise ValidationError(
                {"organization": _("The organization must belong to the role's committee.")}
            )


class AccountOwner(models.Model):
    """The committee whose admin created an account. It stays theirs to manage while it
    holds no role; no admin of another committee sees it (issue 15)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="owner",
    )
    committee = models.ForeignKey(
        PartyCommittee,
        verbose_name=_("party committee"),
        on_delete=models.PROTECT,
        related_name="owned_accounts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("account owner")
        verbose_name_plural = _("account owners")

    def __str__(self) -> str:
        return f"{self.user} – {self.committee}"
