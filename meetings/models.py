"""Liaison meetings, the organizations' reports and proposals, the conclusion and
its directives.

Rich text (report sections, conclusion parts) is stored as sanitised HTML that
keeps only paragraphs, line breaks, bold, italic and lists (see ``richtext``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.periods import Period, PeriodKind
from organizations.models import Organization, PartyCommittee

# A meeting reviews a period; it is held near its end (often a little before
# the end of a half year, or in the month after a quarter).
HELD_EARLIEST_AFTER_START = dt.timedelta(days=0)
HELD_LATEST_AFTER_END = dt.timedelta(days=92)


class PeriodFields(models.Model):
    """A period stored as year and kind, with its dates kept for ordering and filters."""

    period_year = models.PositiveSmallIntegerField(_("year"))
    period_kind = models.CharField(_("period"), max_length=2, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"), editable=False)
    period_end = models.DateField(_("period end"), editable=False)

    class Meta:
        abstract = True

    @property
    def period(self) -> Period:
        return Period(self.period_year, self.period_kind)

    @period.setter
    def period(self, value: Period) -> None:
        self.period_year, self.period_kind = value.year, value.kind
        self.period_start, self.period_end = value.start, value.end


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CONCLUDED = "concluded", _("Concluded")


class Session(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    FULL_DAY = "full_day", _("Full day")


class MeetingQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-period_end", "period_start", "-held_on", "-pk")


class Meeting(PeriodFields):
    """A liaison meeting (hội nghị giao ban) of one committee about one period."""

    committee = models.ForeignKey(
        PartyCommittee,
        verbose_name=_("party committee"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    is_regular = models.BooleanField(
        _("regular meeting"),
        default=True,
        help_text=_("A committee holds at most one regular meeting per period."),
    )
    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty for the usual title."),
    )
    held_on = models.DateField(_("date held"), null=True, blank=True)
    # By when the organizations send their reports: by default ``REPORTS_DUE_DAYS_BEFORE``
    # days before the meeting's date (``services.save_meeting``).
    reports_due_on = models.DateField(
        _("reports due on"),
        null=True,
        blank=True,
        help_text=_(
            "The day by which the organizations send their reports. Left empty, it is set a "
            "few days before the meeting's date."
        ),
    )
    session = models.CharField(_("session"), max_length=10, choices=Session.choices, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair_name = models.CharField(_("chair"), max_length=150, blank=True)
    chair_title = models.CharField(
        _("chair's full title"),
        max_length=300,
        blank=True,
        help_text=_("As said that day, e.g. “Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh”."),
    )
    # "đồng chí … thay mặt Ban Thường vụ Huyện ủy yêu cầu …": the chair concluded in the
    # Standing Committee's name.
    chair_on_behalf_of_standing_committee = models.BooleanField(
        _("chair on behalf of the Standing Committee"),
        default=False,
        help_text=_(
            "Tick when the chair concluded on behalf of the committee's Standing Committee."
        ),
    )
    other_attendees = models.TextField(
        _("other attendees"),
        blank=True,
        help_text=_("Leaders of Party boards and other guests, one per line."),
    )
    summary = models.TextField(
        _("summary of the period"),
        blank=True,
        help_text=_("The compiled picture of the period presented at the meeting."),
    )
    # When the organizations report together: the period's limitations stated once for
    # all of them, not in each one's report.
    joint_limitations = models.TextField(
        _("joint limitations of the period"),
        blank=True,
        help_text=_(
            "When the Front and the organizations report together: the shortcomings and "
            "limitations of the period stated for all of them."
        ),
    )
    # Held, but the day is not known (recorded late from an article or the minutes):
    # not the same as a meeting still to be held.
    held_day_unknown = models.BooleanField(
        _("held, day unknown"),
        default=False,
        help_text=_("Tick when the meeting has been held but its exact day is not known."),
    )
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where this record comes from: minutes, an article and its author…"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The version: every change of the meeting or of its attendance moves it.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("liaison meeting")
        verbose_name_plural = _("liaison meetings")
        ordering = ["-period_end", "period_start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "period_year", "period_kind"],
                condition=Q(is_regular=True),
                name="meeting_one_regular_per_period",
                violation_error_message=_(
                    "This committee already has a regular meeting for this period."
                ),
            )
        ]
        indexes = [models.Index(fields=["committee", "-period_end"])]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        return _("Liaison meeting %(period)s") % {"period": self.period.label_in_text}

    @property
    def is_held(self) -> bool:
        """Whether the meeting has taken place (with or without a known day)."""
        return self.status in (MeetingStatus.HELD, MeetingStatus.CONCLUDED)

    @property
    def held_without_day(self) -> bool:
        """Held (or concluded) on a day nobody recorded: it reads "held, day unknown",
        never "not yet held"."""
        return self.held_on is None and (self.held_day_unknown or self.is_held)

    @property
    def reference_date(self) -> dt.date:
        """The day names are shown as of: the day held, else the end of the period."""
        return self.held_on or self.period_end

    def clean(self) -> None:
        if self.period_year and self.period_kind:
            self.period = Period(self.period_year, self.period_kind)
        if self.held_on and self.reports_due_on and self.reports_due_on > self.held_on:
            raise ValidationError(
                {
                    "reports_due_on": _(
                        "The reports are due on or before the day of the meeting (%(day)s)."
                    )
                    % {"day": date_format(self.held_on, "SHORT_DATE_FORMAT")}
                }
            )
        if self.held_on and self.period_kind and self.period_year:
            period = self.period
            earliest = period.start + HELD_EARLIEST_AFTER_START
            latest = period.end + HELD_LATEST_AFTER_END
            if not earliest <= self.held_on <= latest:
                raise ValidationError(
                    {
                        "held_on": _(
                            "A meeting about %(period)s is held between %(earliest)s and "
                            "%(latest)s; check the date or the period."
                        )
                        % {
                            "period": period.label_in_text,
                            "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
                            "latest": date_format(latest, "SHORT_DATE_FORMAT"),
                        }
                    }
                )


class Statement(models.Model):
    """A statement made at the meeting (ý kiến phát biểu): who spoke, for which
    organization or body, and what they raised. Edited with its meeting
    (``services.save_meeting``), in the order spoken."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="statements"
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    speaker_name = models.CharField(_("speaker"), max_length=150)
    speaker_title = models.CharField(
        _("speaker's title"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh”."),
    )
    speaking_for = models.CharField(
        _("on behalf of"),
        max_length=300,
        blank=True,
        help_text=_("The organization or body the speaker spoke for."),
    )
    text = models.TextField(_("what was raised"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statement at the meeting")
        verbose_name_plural = _("statements at the meeting")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.speaker_name}: {short(self.text)}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.meeting_id]) + "#statements"

    @property
    def speaker(self) -> str:
        """ "Nguyễn Văn A, Chủ tịch Hội Nông dân tỉnh (Hội Nông dân tỉnh)"."""
        title = f", {self.speaker_title}" if self.speaker_title else ""
        body = f" ({self.speaking_for})" if self.speaking_for else ""
        return f"{self.speaker_name}{title}{body}"


class Attendance(models.Model):
    """An organization invited to a meeting, whether it was present, and who represented it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField(_("present"), default=False)
    representatives = models.CharField(
        _("represented by"),
        max_length=500,
        blank=True,
        help_text=_("Names and titles, e.g. “đồng chí Nguyễn Văn A, Chủ tịch”."),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organization"], name="attendance_unique_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.meeting}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")


# The status a draft shows while it carries the reason it was returned for.
RETURNED_LABEL = _("Returned")

REPORT_SECTIONS = ("results", "shortcomings", "difficulties", "next_tasks")


class Report(models.Model):
    """One organization's report to one meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="reports"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    results = models.TextField(_("results achieved"), blank=True)
    shortcomings = models.TextField(_("shortcomings and limitations"), blank=True)
    difficulties = models.TextField(_("difficulties and obstacles"), blank=True)
    next_tasks = models.TextField(_("key tasks for the next period"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The day the organization really sent it, when staff entered it later on its behalf
    # (``submitted_at`` is then that day, not when it was entered); empty otherwise.
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # Why staff returned the report, for its organization to read; kept while the report
    # stays a draft, cleared when it is submitted again (the history keeps every reason).
    return_reason = models.TextField(_("reason for returning"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["organization__display_order", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organization"],
                name="report_one_per_organization",
                violation_error_message=_(
                    "This organization already has a report for this meeting."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.meeting}"

    def get_absolute_url(self) -> str:
        return reverse("reports:edit", args=[self.meeting_id, self.organization_id])

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.ACCEPTED

    @property
    def is_returned(self) -> bool:
        """Returned by staff and not yet submitted again."""
        return self.status == ReportStatus.DRAFT and bool(self.return_reason)

    @property
    def status_key(self) -> str:
        """The status as the pages show it: a returned draft is "returned"."""
        return "returned" if self.is_returned else self.status

    def get_shown_status_display(self) -> str:
        return str(RETURNED_LABEL) if self.is_returned else self.get_status_display()

    def is_empty(self) -> bool:
        from meetings.richtext import is_blank

        return all(is_blank(getattr(self, name)) for name in REPORT_SECTIONS)


def short(text: str, length: int = 80) -> str:
    """A text shortened for a message."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


class ArchivableQuerySet(models.QuerySet):
    def archived(self):
        return self.filter(archived_at__isnull=False)


class ActiveManager(models.Manager.from_queryset(ArchivableQuerySet)):
    """What the pages see: rows removed in the interface are archived, not deleted."""

    def get_queryset(self):
        return super().get_queryset().filter(archived_at__isnull=True)


class Archivable(models.Model):
    """Removing a row in the interface archives it; the committee's staff and admins
    restore it from the "Mục đã xóa" page (``services.restore_removed``)."""

    archived_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ActiveManager()
    all_objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    def archive(self, by) -> None:
        from django.utils import timezone

        self.archived_at, self.archived_by = timezone.now(), by
        self.save(update_fields=["archived_at", "archived_by"])

    def restore(self) -> None:
        self.archived_at = self.archived_by = None
        self.save(update_fields=["archived_at", "archived_by"])


class Disposition(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ANSWERED = "answered", _("Answered")
    DIRECTIVE = "directive", _("Turned into a directive")
    REFERRED = "referred", _("Referred to another body")
    NOTED = "noted", _("Noted")


class ProposalQuerySet(ArchivableQuerySet):
    def answerable(self):
        """Proposals staff may answer from the register: those of submitted or accepted
        reports (a draft is still its organization's to change)."""
        return self.filter(report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])


class Proposal(Archivable):
    """A proposal (kiến nghị, đề xuất) made in a report, and how it was handled."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="proposals"
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.TextField(_("proposal"))
    addressed_to = models.CharField(
        _("addressed to"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “Thường trực Tỉnh ủy”, “UBND tỉnh”."),
    )
    disposition = models.CharField(
        _("disposition"), max_length=10, choices=Disposition.choices, default=Disposition.PENDING
    )
    response = models.TextField(_("response"), blank=True)
    referred_to = models.CharField(_("referred to"), max_length=255, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ActiveManager.from_queryset(ProposalQuerySet)()
    all_objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["report", "position", "pk"]
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return self.text[:80]

    def restore_refusal(self) -> str | None:
        """Why this removed proposal cannot be put back, or None (its report and the
        report's organization loaded): an accepted report no longer changes."""
        if self.report.status == ReportStatus.ACCEPTED:
            return _(
                "The report of %(organization)s has been accepted and can no longer be "
                "changed: return it to draft before restoring this proposal."
            ) % {"organization": self.report.organization.name}
        return None


# What a new conclusion does with an unfinished directive of an earlier one.
CARRY, CLOSE = "carry", "close"


class ConclusionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class Conclusion(models.Model):
    """The chair's conclusion of a meeting, issued as a conclusion notice."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="conclusion"
    )
    assessment = models.TextField(_("assessment of the period"), blank=True)
    shortcomings = models.TextField(_("shortcomings to fix"), blank=True)
    orientation = models.TextField(_("orientation for the next period"), blank=True)
    notice_number = models.CharField(
        _("notice number"),
        max_length=30,
        blank=True,
        help_text=_("As on the notice: “45-TB/TU”."),
    )
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    # Recorded from the minutes: no conclusion notice was issued, yet the conclusion
    # is in force and its directives are followed up as an issued notice's.
    without_notice = models.BooleanField(
        _("recorded from the minutes, without a notice"),
        default=False,
        help_text=_(
            "Tick when no conclusion notice was issued: the conclusion is recorded from "
            "the minutes and its directives are followed up all the same."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConclusionStatus.choices,
        default=ConclusionStatus.DRAFT,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Unfinished directives of earlier conclusions that this one closes as done. On a draft
    # it is only the choice made: the parts are closed when the conclusion is issued.
    closes = models.ManyToManyField(
        "Directive",
        verbose_name=_("closes earlier directives"),
        blank=True,
        related_name="closed_by",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self) -> str:
        return str(self.meeting)

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.meeting_id]) + "#conclusion"

    def copies_of_earlier(self) -> dict[int, Directive]:
        """Its directives that carry over an earlier one, by the id of that earlier one."""
        if self.pk is None:
            return {}
        return {d.carried_from_id: d for d in self.directives.filter(carried_from__isnull=False)}

    def treatment_of_earlier(self) -> dict[int, str]:
        """What it does with earlier directives, as chosen on its form: ``CARRY`` (a copy of
        it is among this conclusion's directives) or ``CLOSE``, by directive id."""
        if self.pk is None:
            return {}
        chosen = dict.fromkeys(self.closes.values_list("pk", flat=True), CLOSE)
        chosen.update(dict.fromkeys(self.copies_of_earlier(), CARRY))
        return chosen


class Directive(Archivable):
    """A task given by a conclusion (nhiệm vụ được giao).

    Its assignees are ``DirectiveAssignment`` rows: one lead, co-assignees, or
    every reporting organization when it is addressed to all of them, so each
    organization's part is tracked on its own. Addressed to a named group
    (``group_name``), its lead is the body that compiles.
    """

    conclusion = models.ForeignKey(
        Conclusion,
        verbose_name=_("conclusion"),
        on_delete=models.CASCADE,
        related_name="directives",
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.TextField(_("directive"))
    to_all_organizations = models.BooleanField(
        _("all organizations"),
        default=False,
        help_text=_("Addressed to the Front and every organization that reports."),
    )
    # A directive to a group named as the conclusion names it ("các cơ quan, đơn vị"): its
    # lead is then the body that compiles and reports, its co-assignees the group's members
    # that are organizations of the app.
    group_name = models.CharField(
        _("addressed to a group"),
        max_length=200,
        blank=True,
        help_text=_(
            "As the conclusion names it, e.g. “các cơ quan, đơn vị”. The lead is then the "
            "body that compiles and reports; the co-assignees, the group's members."
        ),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_period_year = models.PositiveSmallIntegerField(_("due period: year"), null=True, blank=True)
    due_period_kind = models.CharField(
        _("due period"), max_length=2, choices=PeriodKind.choices, blank=True
    )
    # The due date, or else the last day of the due period: kept for filters and statuses.
    deadline = models.DateField(_("deadline"), null=True, blank=True, editable=False)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_into",
    )
    # The first directive of a chain of carry-overs (empty for that first one itself).
    origin = models.ForeignKey(
        "self",
        verbose_name=_("first given as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="descendants",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["conclusion", "position", "pk"]
        base_manager_name = "all_objects"
        indexes = [models.Index(fields=["deadline"])]

    def __str__(self) -> str:
        return self.text[:80]

    def restore_refusal(
        self, issued_at: dt.datetime | None, *, carried_anew: bool = False
    ) -> str | None:
        """Why this removed directive cannot be put back, or None (its conclusion loaded).

        ``carried_anew``: this was a copy carrying an earlier directive over, and its
        conclusion now holds another live copy of the same one (the choice was withdrawn,
        then made again): a second copy would track the same work twice.

        ``issued_at``: when its conclusion was issued, as the history records it (None
        when the history does not say: issued before it was kept). A directive removed
        from the draft is not in the notice that was then issued: putting it back would
        make the pages say the notice gave it. One removed after the issue was in it."""
        conclusion = self.conclusion
        if carried_anew:
            return _(
                "This conclusion already carries the same earlier directive over again; "
                "restoring this copy would track it twice."
            )
        if (
            conclusion.status == ConclusionStatus.ISSUED
            and issued_at is not None
            and self.archived_at is not None
            and self.archived_at < issued_at
        ):
            if conclusion.notice_number:
                return _(
                    "The conclusion notice %(number)s was issued without this directive, "
                    "removed from its draft before: it cannot be restored into the issued "
                    "notice. If it is needed, enter it in the conclusion."
                ) % {"number": conclusion.notice_number}
            return _(
                "The conclusion notice was issued without this directive, removed from its "
                "draft before: it cannot be restored into the issued notice. If it is needed, "
                "enter it in the conclusion."
            )
        return None

    @property
    def due_period(self) -> Period | None:
        if self.due_period_year and self.due_period_kind:
            return Period(self.due_period_year, self.due_period_kind)
        return None

    def compute_deadline(self) -> dt.date | None:
        """The due date, or else the last day of the due period."""
        if self.due_date:
            return self.due_date
        period = self.due_period
        return period.end if period else None


class Citation(models.Model):
    """A document cited in a report, the meeting's own content, a conclusion or a
    directive ("4934-CV/TU")."""

    code = models.CharField(_("document number"), max_length=60, db_index=True)
    label = models.CharField(_("as cited"), max_length=200)
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    # The meeting's own content: its summary, joint limitations and statements.
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    conclusion = models.ForeignKey(
        Conclusion, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    directive = models.ForeignKey(
        Directive, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )

    class Meta:
        verbose_name = _("cited document")
        verbose_name_plural = _("cited documents")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        report__isnull=False,
                        meeting__isnull=True,
                        conclusion__isnull=True,
                        directive__isnull=True,
                    )
                    | Q(
                        report__isnull=True,
                        meeting__isnull=False,
                        conclusion__isnull=True,
                        directive__isnull=True,
                    )
                    | Q(
                        report__isnull=True,
                        meeting__isnull=True,
                        conclusion__isnull=False,
                        directive__isnull=True,
                    )
                    | Q(
                        report__isnull=True,
                        meeting__isnull=True,
                        conclusion__isnull=True,
                        directive__isnull=False,
                    )
                ),
                name="citation_has_one_source",
            )
        ]

    def __str__(self) -> str:
        return self.label
