from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from giaoban import health, views

handler400 = "giaoban.views.bad_request"

admin.site.site_header = _("Liaison meetings: administration")
admin.site.site_title = _("Liaison meetings")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("account/", views.account, name="account"),
    # The account page's choice of language: refused, it shows the account page again.
    path("accounts/language/", views.language_choice, name="language_choice"),
    path("accounts/", include("accounts.urls")),
    path("organizations/", include("tracking.organization_urls")),
    path("organizations/", include("organizations.urls")),
    path("meetings/", include("tracking.conclusion_urls")),
    path("meetings/", include("meetings.urls")),
    path("meetings/", include("tracking.report_urls")),
    path("tracking/", include("tracking.urls")),
    path("documents/", include("documents.urls")),
    path("search/", include("search.urls")),
    # Django's own, but a signed-in person's choice is stored on them (accounts/language.py).
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
]
