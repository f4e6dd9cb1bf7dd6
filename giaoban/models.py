from django.db import models
from django.utils.translation import gettext_lazy as _


class PageStamp(models.Model):
    """When what some pages show last changed (``giaoban.pagecache``): ``scope`` is a
    committee's id, 0 for everything, or the row a finer scope hashes to
    (``pagecache.scope_key``: a meeting, a report, the lists…)."""

    scope = models.BigIntegerField(_("scope"), primary_key=True)
    changed = models.BigIntegerField(_("changed (nanoseconds since 1970)"))

    class Meta:
        verbose_name = _("page stamp")
        verbose_name_plural = _("page stamps")

    def __str__(self) -> str:
        return f"{self.scope}: {self.changed}"
