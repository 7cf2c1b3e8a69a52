from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from localoffer.accounts.capabilities import capabilities_for
from localoffer.accounts.forms import OneTimeCodeForm, SignInForm
from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.core.roles import Role


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """GET asks to confirm (a link cannot sign someone out); POST signs out and shows that it is done."""

    http_method_names = ["get", "post", "options"]
    template_name = "accounts/signed_out.html"
    next_page = "accounts:sign-out"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, self.template_name)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "accounts/dashboard.html",
        {"capabilities": capabilities_for(user), "role_label": Role(user.role).label if user.role else ""},
    )


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app (first time) or confirm the code from it (every sign-in)."""
    user: Any = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=False
        )
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.code_value()):
            if setting_up:
                device.confirmed = True
                device.save()
            otp_login(request, device)
            audit_record(
                action=Action.SECOND_FACTOR, obj=user, detail="set up" if setting_up else "confirmed"
            )
            return redirect(request.GET.get("next") or settings.LOGIN_REDIRECT_URL)
        audit_record(action=Action.SIGN_IN_FAILED, obj=user, detail="wrong one-time code")
        form.add_error(
            "code", "The code is not right. Check your authenticator app and enter the newest code."
        )
    context: dict[str, Any] = {"form": form, "setting_up": setting_up}
    if setting_up:
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "accounts/two_factor.html", context)


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg") :]
    labelled = svg.replace("<svg", '<svg role="img" aria-label="QR code for your authenticator app"', 1)
    return mark_safe(labelled)  # noqa: S308 (made here by qrcode from our own data, not from input)


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Called by the session warning's "Stay signed in" button: any request renews the session."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    request.session.modified = True
    return HttpResponse(status=204)


def session_expired(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/session_expired.html", {"idle_minutes": settings.SESSION_IDLE_MINUTES})


def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    messages.get_messages(request)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
