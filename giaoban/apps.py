from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GiaobanConfig(AppConfig):
    name = "giaoban"
    verbose_name = _("Liaison meetings")

    def ready(self) -> None:
        from giaoban import pagecache

        pagecache.install()
