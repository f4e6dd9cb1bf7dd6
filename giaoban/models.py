from django.db import models
from django.utils.translation import gettext_lazy as _


class PageStamp(models.Model):
    """When the data of a committee's pages last changed (``giaoban.pagecache``); scope 0
    stands for everything."""

    scope = models.BigIntegerField(_("scope"), primary_key=True)
    changed = models.BigIntegerField(_("changed (nanoseconds since 1970)"))

    class Meta:
        verbose_name = _("page stamp")
        verbose_name_plural = _("page stamps")

    def __str__(self) -> str:
        return f"{self.scope}: {self.changed}"
