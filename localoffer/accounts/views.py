from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from axes.helpers import get_client_ip_address
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from localoffer.accounts import services
from localoffer.accounts.capabilities import capabilities_for, who_you_are
from localoffer.accounts.forms import (
    AccountRequestForm,
    ChoosePasswordForm,
    NewPasswordForm,
    OneTimeCodeForm,
    ResetRequestForm,
    SignInForm,
)
from localoffer.accounts.models import User
from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.core.http import safe_next
from localoffer.core.limits import limit_count, limit_reached


class SignInView(auth_views.LoginView):
    """Signing in. Axes locks an account at an address after a few wrong passwords; here, too many wrong
    passwords from one address across any accounts (a password spray) stop every sign-in from it a while."""

    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit = limit_reached(request, action="sign-in-failure", count=False)
        if limit is not None:
            audit_record(action=Action.SIGN_IN_FAILED, obj=None, detail="too many failed sign-ins from here")
            return locked_out(request, minutes=limit.minutes)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        limit_count(self.request, action="sign-in-failure")
        return super().form_invalid(form)


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
        {"capabilities": capabilities_for(user), "who_you_are": who_you_are(user)},
    )


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app (first time) or confirm the code from it (every sign-in)."""
    user: Any = request.user
    if not user.is_staff_role:
        # Families and professionals sign in with a password alone: no authenticator is set up for them.
        return redirect(safe_next(request, request.GET.get("next")))
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
            return redirect(safe_next(request, request.GET.get("next")))
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
    request: HttpRequest,
    credentials: dict[str, Any] | None = None,
    *args: Any,
    minutes: int | None = None,
    **kwargs: Any,
) -> HttpResponse:
    if minutes is None:
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    messages.get_messages(request)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


# A family creates its own account ---------------------------------------------------------------------------

_REQUESTED_KEY = "accounts-requested-email"
_CREATED_KEY = "accounts-created-username"


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/too_many_emails.html", status=429)


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@never_cache
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = AccountRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if services.rate_limit_hit(
            scope="account", keys={"address": data["email"], "network": get_client_ip_address(request)}
        ):
            return _too_many(request)
        services.account_request(
            role=data["role"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            site=_site(request),
        )
        request.session[_REQUESTED_KEY] = services.email_normalise(data["email"])
        return redirect("accounts:account-create-sent")
    return render(request, "accounts/account_create.html", {"form": form})


@never_cache
def account_create_sent(request: HttpRequest) -> HttpResponse:
    email = request.session.get(_REQUESTED_KEY)
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    if not email:
        return redirect("accounts:account-create")
    return render(
        request, "accounts/account_create_sent.html", {"email": email, "hours": settings.ACCOUNT_LINK_HOURS}
    )


def _link_not_valid(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/account_link_not_valid.html", {"hours": settings.ACCOUNT_LINK_HOURS}, status=404
    )


@never_cache
@require_http_methods(["GET", "POST"])
def account_create_password(request: HttpRequest, token: str) -> HttpResponse:
    """The page the emailed link opens: choose a password, and the account is made (the link then ends)."""
    pending = services.pending_account_for_link(token=token)
    if pending is None:
        return _link_not_valid(request)
    person = User(
        username=pending.email,
        email=pending.email,
        first_name=pending.first_name,
        last_name=pending.last_name,
    )
    form = ChoosePasswordForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_create_from_link(token=token, password=form.cleaned_data["password1"])
        except services.AccountLinkNotValid:
            return _link_not_valid(request)
        except services.AccountAlreadyExists:
            return render(request, "accounts/account_exists.html", status=409)
        request.session.pop(_REQUESTED_KEY, None)
        request.session[_CREATED_KEY] = user.username
        return redirect("accounts:account-created")
    return render(request, "accounts/account_create_password.html", {"form": form, "pending": pending})


@never_cache
def account_created(request: HttpRequest) -> HttpResponse:
    username = request.session.get(_CREATED_KEY)
    if not username:
        return redirect("accounts:sign-in")
    return render(request, "accounts/account_created.html", {"username": username})


# Anyone resets a forgotten password -------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = ResetRequestForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form: Any) -> HttpResponse:
        if services.rate_limit_hit(
            scope="password-reset",
            keys={"address": form.cleaned_data["email"], "network": get_client_ip_address(self.request)},
        ):
            return _too_many(self.request)
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "minutes": settings.PASSWORD_RESET_TIMEOUT // 60}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # A new password ends any lock-out from guessing the old one.
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
