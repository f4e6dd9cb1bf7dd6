from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with labels and messages in the register of an office."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "The user name or password is incorrect. Note that the password is case-sensitive."
        ),
        "inactive": _("This account has been disabled. Please contact the administrator."),
    }


class LanguageForm(forms.Form):
    """The account page's choice of the language of the pages."""

    language = forms.ChoiceField(label=_("Language of the pages"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        # The page's select is ``account-language``: the summary's link leads to it.
        super().__init__(*args, auto_id="account-%s", **kwargs)
