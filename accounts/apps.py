from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts import security_log
        from accounts.middleware import stamp_new_session

        security_log.connect_axes()
        user_logged_in.connect(stamp_new_session, dispatch_uid="session_stamps")
