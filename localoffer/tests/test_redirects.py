"""Every view that takes a `next` address sends people only to this site's own pages (Django's
url_has_allowed_host_and_scheme), whatever is put in it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from localoffer.accounts.tests.factories import TEST_PASSWORD
from localoffer.core.roles import Role

HOSTILE = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    " //evil.example/",
    "\t//evil.example/",
    "http://testserver@evil.example/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


def _stays_here(response: Any) -> None:
    assert response.status_code in (301, 302, 303), (response.request["PATH_INFO"], response.status_code)
    location = response["Location"]
    parts = urlsplit(location.strip())
    assert parts.scheme in ("", "http", "https"), location
    assert parts.netloc in ("", "testserver"), location
    assert not location.lstrip().startswith(("//", "\\", "/\\")), location
    if parts.path.startswith("/account/sign-in/"):
        for hostile in ("evil.example", "javascript", "data%3A"):
            assert hostile not in location


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_no_view_that_takes_next_sends_anyone_off_the_site(users: dict[str, Any], offer: None) -> None:
    manager = users[Role.MANAGER]
    device = TOTPDevice.objects.create(user=manager, name="Authenticator app", confirmed=True)
    checked = 0
    for target in HOSTILE:
        # Signing in, with `next` in the address and in the form.
        client = Client()
        _stays_here(
            client.post(
                f"{reverse('accounts:sign-in')}?next={target}",
                {"username": users[Role.PARENT_CARER].username, "password": TEST_PASSWORD, "next": target},
            )
        )
        # The second factor (the open redirect the probe found), and a family sent past it.
        _stays_here(client.get(reverse("accounts:two-factor"), {"next": target}))
        staff = Client()
        staff.post(reverse("accounts:sign-in"), {"username": manager.username, "password": TEST_PASSWORD})
        device.throttling_failure_count = 0
        device.last_t = -1
        device.save()
        _stays_here(staff.post(f"{reverse('accounts:two-factor')}?next={target}", {"code": _code(device)}))
        # Signing out: an address not of this site is ignored, and the page says it is done.
        signed_out = staff.post(reverse("accounts:sign-out"), {"next": target})
        assert signed_out.status_code == 200
        assert "evil.example" not in signed_out.content.decode()
        # The shortlist, from a service's page.
        _stays_here(
            Client().post(reverse("directory:shortlist-add"), {"slug": "short-breaks-grant", "next": target})
        )
        # The admin site's sign-in, which sends people to the service's own.
        _stays_here(Client().get("/admin/login/", {"next": target}))
        checked += 1
    assert checked == len(HOSTILE)
