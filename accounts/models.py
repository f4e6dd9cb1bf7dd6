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
