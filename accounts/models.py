from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in.

    Vietnamese names are written family name first and the given name last
    ("Phạm Văn Hậu"), so the name is kept whole in ``full_name`` rather than
    split into Django's first and last name.
    """

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    job_title = models.CharField(
        _("job title"),
        max_length=255,
        blank=True,
        help_text=_("As written in documents, e.g. “Chuyên viên Ban Dân vận Tỉnh ủy”."),
    )
    # The language of every page this person reads (accounts/language.py): Vietnamese
    # unless they chose otherwise; the browser's own language is never consulted.
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="vi",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        # The given name is the last word of a Vietnamese name.
        return self.full_name.split()[-1] if self.full_name.strip() else self.username


class UserSession(models.Model):
    """A signed-in session, so that people can see where they are signed in and end it."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(_("session"), max_length=40, unique=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("signed in at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class FormSubmission(models.Model):
    """A form sent once: the same form sent again (a second press on Save, a resend after
    a network error) is recognised by its token and not applied twice."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, null=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return self.token


class SecurityEvent(models.Model):
    """Sign-ins, failed sign-ins, lockouts and refusals, kept at least twelve months."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        LOCKED_OUT = "locked_out", _("Locked out")
        SIGNED_OUT = "signed_out", _("Signed out")
        DENIED = "denied", _("Access refused")
        EXPORT = "export", _("Document exported")
        ACCOUNT_CREATED = "account_created", _("Account created")
        PASSWORD_RESET = "password_reset", _("Password reset by an admin")
        LOCKOUT_LIFTED = "lockout_lifted", _("Lockout lifted")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_ENDED = "role_ended", _("Role ended")
        FILE_REMOVED = "file_removed", _("File removed")
        FILE_RESTORED = "file_restored", _("File restored")

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        User, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    subject = models.CharField(
        _("concerning"),
        max_length=150,
        blank=True,
        help_text=_("The account an admin's action concerned."),
    )
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.username}"


class FormDraft(models.Model):
    """What a person typed into a long form (a report, a conclusion), saved while they
    type, before they save the form itself. Only its author sees it; saving the form
    deletes it (accounts/drafts.py)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    # The form's page: one draft per person and page (/meetings/3/reports/7/).
    path = models.CharField(_("page"), max_length=300)
    # The fields as sent, [name, value] pairs in the form's order, tokens left out.
    fields = models.JSONField(_("fields"), default=list)
    # The one-time token of the page the draft was typed on: once that form has been
    # saved (the token claimed), a draft from it that arrives late is refused.
    page_token = models.CharField(max_length=64, blank=True)
    saved_at = models.DateTimeField(_("saved at"), db_index=True)

    class Meta:
        verbose_name = _("form draft")
        verbose_name_plural = _("form drafts")
        constraints = [
            models.UniqueConstraint(fields=["user", "path"], name="one_draft_per_user_and_page")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.path}"


class KeptForm(models.Model):
    """A form refused because its session or its token had expired, kept so that it can
    be given back, filled in, once its author has signed in again (accounts/kept_forms.py).
    Only the browser that sent it can have it back: ``browser`` is the hash of a random
    id held in a cookie of that browser."""

    browser = models.CharField(max_length=64)
    # Who was signed in in that browser, when known: only they get it back.
    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    path = models.CharField(_("page"), max_length=300)
    fields = models.JSONField(_("fields"), default=list)
    kept_at = models.DateTimeField(_("kept at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("kept form")
        verbose_name_plural = _("kept forms")
        constraints = [
            models.UniqueConstraint(fields=["browser", "path"], name="one_kept_form_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.path} {self.kept_at:%Y-%m-%d %H:%M}"
