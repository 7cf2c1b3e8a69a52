from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from localoffer.accounts.services import user_create
from localoffer.accounts.tests.factories import TEST_PASSWORD
from localoffer.audit.models import Action, AuditEvent
from localoffer.core.roles import STAFF_ROLES, Role

SIGN_IN = "/account/sign-in/"


def test_signs_in_and_lands_on_the_account_page(client: Any, users: dict[str, Any]) -> None:
    response = client.post(SIGN_IN, {"username": users["manager"].username, "password": TEST_PASSWORD})
    assert response["Location"] == reverse("accounts:dashboard")
    assert "Audit trail" in client.get(reverse("accounts:dashboard")).content.decode()


def test_wrong_password_says_what_to_do_and_keeps_the_user_name(client: Any, users: dict[str, Any]) -> None:
    page = client.post(
        SIGN_IN, {"username": users["parent_carer"].username, "password": "nope"}
    ).content.decode()
    assert "There is a problem" in page
    assert "The user name or password is not right. Check them and try again." in page
    assert f'value="{users["parent_carer"].username}"' in page


def test_empty_form_names_each_missing_field(client: Any, db: Any) -> None:
    page = client.post(SIGN_IN, {}).content.decode()
    assert "Enter your user name" in page
    assert "Enter your password" in page


def test_repeated_failures_are_throttled(client: Any, users: dict[str, Any]) -> None:
    username = users["parent_carer"].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(SIGN_IN, {"username": username, "password": "wrong"})
    locked = client.post(SIGN_IN, {"username": username, "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert "You have tried to sign in too many times" in locked.content.decode()
    assert not client.get(reverse("accounts:dashboard")).wsgi_request.user.is_authenticated


def test_new_passwords_are_hashed_with_argon2(medway: None, settings: Any) -> None:
    from localoffer import settings as production_settings

    # The suite hashes with MD5 for speed; every other environment uses the project's own list.
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    user = user_create(
        username="new.parent", password="a long and unusual passphrase", role=Role.PARENT_CARER
    )
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password("a long and unusual passphrase")


def test_refuses_a_practitioner_without_a_team(medway: None) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Choose the team this practitioner works in"):
        user_create(username="sw", password=None, role=Role.SOCIAL_WORKER)


def test_refuses_a_weak_password(medway: None) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        user_create(username="weak", password="password", role=Role.PARENT_CARER)


def test_only_system_administrators_reach_the_admin_site(users: dict[str, Any]) -> None:
    assert [role for role, user in users.items() if user.is_staff] == [Role.SYSTEM_ADMINISTRATOR]


def test_sessions_end_after_inactivity() -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60


def test_signed_in_pages_carry_the_session_warning_settings(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users["parent_carer"])
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'data-session-timeout-seconds="{settings.SESSION_COOKIE_AGE}"' in page
    assert 'data-session-keepalive-url="/account/keep-alive/"' in page


def test_keep_alive_renews_the_session(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users["parent_carer"])
    assert client.post(reverse("accounts:keep-alive")).status_code == 204
    assert client.get(reverse("accounts:keep-alive")).status_code == 405


def test_an_expired_session_explains_what_happened(client: Any, db: Any) -> None:
    page = client.get(reverse("accounts:session-expired")).content.decode()
    assert "You have been signed out" in page
    assert "Anything you saved has been kept" in page


def test_sign_out_needs_a_post_and_then_says_so(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users["parent_carer"])
    assert client.get(reverse("accounts:sign-out")).wsgi_request.user.is_authenticated
    page = client.post(reverse("accounts:sign-out"), follow=True).content.decode()
    assert "You have signed out" in page
    assert AuditEvent.objects.filter(action=Action.SIGN_OUT).exists()


class TestStaffSecondFactor:
    @pytest.fixture(autouse=True)
    def _required(self, settings: Any) -> None:
        settings.STAFF_TWO_FACTOR = True

    @pytest.mark.parametrize("role", sorted(STAFF_ROLES))
    def test_staff_must_confirm_a_code_first(self, client: Any, users: dict[str, Any], role: str) -> None:
        client.post(SIGN_IN, {"username": users[role].username, "password": TEST_PASSWORD})
        response = client.get(reverse("accounts:dashboard"))
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:two-factor")

    @pytest.mark.parametrize("role", [Role.PARENT_CARER, Role.YOUNG_PERSON, Role.REFERRING_PROFESSIONAL])
    def test_families_and_referrers_are_not_asked(
        self, client: Any, users: dict[str, Any], role: str
    ) -> None:
        client.post(SIGN_IN, {"username": users[role].username, "password": TEST_PASSWORD})
        assert client.get(reverse("accounts:dashboard")).status_code == 200

    @pytest.mark.parametrize("role", [Role.PARENT_CARER, Role.YOUNG_PERSON, Role.REFERRING_PROFESSIONAL])
    def test_no_authenticator_is_made_for_families_and_referrers(
        self, client: Any, users: dict[str, Any], role: str
    ) -> None:
        client.post(SIGN_IN, {"username": users[role].username, "password": TEST_PASSWORD})
        response = client.get(reverse("accounts:two-factor"))
        assert response["Location"] == reverse("accounts:dashboard")
        client.post(reverse("accounts:two-factor"), {"code": "123456"})
        assert not TOTPDevice.objects.filter(user=users[role]).exists()

    def test_sets_up_an_authenticator_then_confirms_each_time(
        self, client: Any, users: dict[str, Any]
    ) -> None:
        manager = users[Role.MANAGER]
        client.post(SIGN_IN, {"username": manager.username, "password": TEST_PASSWORD})
        setup = client.get(reverse("accounts:two-factor")).content.decode()
        assert "Set up your authenticator app" in setup
        assert "<svg" in setup
        device = TOTPDevice.objects.get(user=manager)
        wrong = client.post(reverse("accounts:two-factor"), {"code": "000000"}).content.decode()
        assert "The code is not right" in wrong
        device.refresh_from_db()
        device.throttling_failure_count = 0
        device.throttling_failure_timestamp = None
        device.save()
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
        done = client.post(reverse("accounts:two-factor"), {"code": code})
        assert done["Location"] == reverse("accounts:dashboard")
        assert client.get(reverse("audit:search")).status_code == 200
        device.refresh_from_db()
        assert device.confirmed
        assert AuditEvent.objects.filter(action=Action.SECOND_FACTOR, actor=manager).exists()

    def test_a_code_that_is_not_six_digits_is_explained(self, client: Any, users: dict[str, Any]) -> None:
        client.post(SIGN_IN, {"username": users[Role.MANAGER].username, "password": TEST_PASSWORD})
        page = client.post(reverse("accounts:two-factor"), {"code": "12ab"}).content.decode()
        assert "Enter the code as 6 digits, for example 123456" in page
        assert 'value="12ab"' in page


def test_a_session_idle_for_longer_than_the_limit_is_refused(client: Any, users: dict[str, Any]) -> None:
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(users["parent_carer"])
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_an_administrator_creating_an_account_in_the_admin_site_is_audited(
    client: Any, users: dict[str, Any]
) -> None:
    from localoffer.accounts.models import User
    from localoffer.teams.models import Team

    admin = users[Role.SYSTEM_ADMINISTRATOR]
    client.force_login(admin)
    team = Team.objects.get(slug="0-to-25-disability-team")
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new.worker",
            "role": Role.SOCIAL_WORKER,
            "team": str(team.pk),
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="new.worker")
    event = AuditEvent.objects.get(
        action=Action.CREATE, object_type="accounts.user", object_id=str(created.pk)
    )
    assert event.actor == admin
    assert "via admin" in event.detail


def test_the_admin_site_refuses_a_practitioner_without_a_team(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.SYSTEM_ADMINISTRATOR])
    page = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "teamless",
            "role": Role.SOCIAL_WORKER,
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
            "usable_password": "true",
        },
    ).content.decode()
    assert "Choose the team this practitioner works in." in page
