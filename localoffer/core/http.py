from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request: HttpRequest) -> str | None:
    """The address a request came from, trusting as many X-Forwarded-For hops as there are proxies."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    candidate = request.META.get("REMOTE_ADDR", "")
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def client_ip_or_unknown(request: HttpRequest) -> str:
    """The same, for django-ratelimit, which needs an address: an unreadable one counts as one address."""
    return client_ip(request) or "0.0.0.0"  # noqa: S104 (a bucket for requests with no address, not a bind)


def safe_next(request: HttpRequest, target: str | None, default: str | None = None) -> str:
    """Where to go next: `target` if it is a page of this site (Django's url_has_allowed_host_and_scheme),
    otherwise `default` (the signed-in home page)."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)
