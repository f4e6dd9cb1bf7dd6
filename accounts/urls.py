from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import two_factor, views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("sessions/", views.session_list, name="sessions"),
    path("two-factor/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    path("sessions/end/", views.session_end, name="session_end"),
    path("keep-alive/", views.keep_alive, name="keep_alive"),
]
