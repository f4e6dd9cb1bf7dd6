"""Two-factor sign-in: set up a phone app (TOTP), then confirm each sign-in with its code."""

from __future__ import annotations

import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.backends import has_confirmed_device
from accounts.redirects import next_url


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    if has_confirmed_device(request.user):
        messages.info(request, _("Two-factor sign-in is already set up for your account."))
        return redirect("home")
    device = services.start_two_factor(user=request.user, name=_("Phone app"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            services.confirm_two_factor(device=device)
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is set up."))
            return redirect("home")
        form.add_error("code", _("The code is not right. Check the phone's clock and try again."))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 (generated SVG)
            "secret": b32encode(device.bin_key).decode(),
        },
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect("home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        device = next((d for d in devices if d.verify_token(code)), None)
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(next_url(request))
        form.add_error("code", _("The code is not right. Check the phone's clock and try again."))
    return render(request, "accounts/two_factor_verify.html", {"form": form})
