"""What was reported about each directive, and the reminders sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models import DirectiveAssignment, Meeting, Progress
from organizations.models import Organization


class UpdateKind(models.TextChoices):
    PROGRESS = "progress", _("Progress reported")
    CARRIED_OVER = "carried_over", _("Carried over")
    HANDED_OVER = "handed_over", _("Handed over after a merger")


class ProgressUpdate(models.Model):
    """One report of progress on one organization's part of a directive. Never edited."""

    assignment = models.ForeignKey(
        DirectiveAssignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=UpdateKind.choices, default=UpdateKind.PROGRESS
    )
    progress = models.CharField(_("progress"), max_length=12, choices=Progress.choices, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("reported at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progress_updates",
    )
    from_organization = models.ForeignKey(
        Organization,
        verbose_name=_("handed over from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on_behalf = models.BooleanField(
        _("entered by staff on behalf of the organization"), default=False
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.assignment}: {self.get_progress_display()}"


class ReminderLog(models.Model):
    """A reminder e-mail sent, so that nobody gets the same reminder twice in a day."""

    recipient = models.EmailField(_("recipient"))
    sent_on = models.DateField(_("sent on"))
    assignment_count = models.PositiveIntegerField(_("directives"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "sent_on"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.sent_on}"
