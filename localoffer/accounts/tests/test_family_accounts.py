"""A family creates its own account from an emailed link, and anyone resets a forgotten password by email."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from localoffer.accounts import services
from localoffer.accounts.models import PendingAccount, User
from localoffer.accounts.signals import email_verified
from localoffer.accounts.tests.factories import TEST_PASSWORD, UserFactory
from localoffer.core.roles import Role
from localoffer.messaging.models import Message

CREATE = reverse("accounts:account-create")
RESET = reverse("accounts:password-reset")
SITE = "http://testserver"
NEW_PASSWORD = "a long and unusual passphrase"
FORM = {
    "role": Role.PARENT_CARER,
    "first_name": "Priya",
    "last_name": "Shah",
    "email": "Priya.Shah@Example.com",
}


def _link_in(message: Any, name: str = "create/link") -> str:
    found = re.search(rf"{SITE}(/\S*{name}\S*)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """Each test runs in a transaction that never commits; `with committed():` runs, as a real commit would,
    what waited for it (the messages)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def ask(committed: Any) -> Any:
    def request(**changes: Any) -> None:
        with committed():
            services.account_request(**{**FORM, **changes, "site": SITE})

    return request


# Services -----------------------------------------------------------------------------------------------------


def test_asking_for_an_account_emails_a_link_and_makes_no_account_yet(db: Any, ask: Any) -> None:
    ask()
    assert not User.objects.filter(email__iexact="priya.shah@example.com").exists()
    (email,) = mail.outbox
    assert email.to == ["priya.shah@example.com"]
    assert email.subject == "Finish creating your account"
    assert "The link works once, for 24 hours." in email.body
    message = Message.objects.get()
    assert message.status == "sent"
    assert not message.for_family  # never listed among a family's messages about a referral
    pending = PendingAccount.objects.get()
    token = _link_in(email).rstrip("/").rsplit("/", 1)[1]
    assert token not in pending.token_hash  # only a hash of the token is kept


def test_the_link_makes_the_account_with_the_password_chosen_and_works_once(db: Any, ask: Any) -> None:
    ask()
    token = _link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    user = services.account_create_from_link(token=token, password=NEW_PASSWORD)
    assert user.username == "priya.shah@example.com"
    assert user.role == Role.PARENT_CARER
    assert (user.first_name, user.last_name) == ("Priya", "Shah")
    assert user.email_verified_at is not None
    assert user.check_password(NEW_PASSWORD)
    assert not user.is_staff_role
    with pytest.raises(services.AccountLinkNotValid):
        services.account_create_from_link(token=token, password=NEW_PASSWORD)
    assert User.objects.filter(email="priya.shah@example.com").count() == 1


def test_a_link_past_its_time_makes_no_account(db: Any, ask: Any) -> None:
    ask()
    token = _link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    PendingAccount.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(services.AccountLinkNotValid):
        services.account_create_from_link(token=token, password=NEW_PASSWORD)
    assert not User.objects.exists()


def test_only_the_newest_link_works(db: Any, ask: Any) -> None:
    ask()
    ask()
    first, second = (_link_in(m).rstrip("/").rsplit("/", 1)[1] for m in mail.outbox)
    assert services.pending_account_for_link(token=first) is None
    assert services.pending_account_for_link(token=second) is not None


def test_an_address_with_an_account_is_told_so_and_gets_no_second_account(db: Any, ask: Any) -> None:
    UserFactory(username="pshah", email="priya.shah@example.com", role=Role.PARENT_CARER)
    ask()
    (email,) = mail.outbox
    assert email.subject == "You already have an account"
    assert "Your user name is pshah." in email.body
    assert reverse("accounts:password-reset") in email.body
    assert not PendingAccount.objects.exists()


def test_staff_accounts_are_never_made_this_way(db: Any, ask: Any) -> None:
    from django.core.exceptions import ValidationError

    for role in (Role.SOCIAL_WORKER, Role.SYSTEM_ADMINISTRATOR, Role.REFERRING_PROFESSIONAL):
        with pytest.raises(ValidationError, match="Only parents, carers and young people"):
            ask(role=role)
    assert not mail.outbox


def test_using_the_link_sends_email_verified_in_the_same_transaction(db: Any, ask: Any) -> None:
    heard: list[tuple[Any, str]] = []

    def listener(sender: Any, *, user: Any, email: str, **kwargs: Any) -> None:
        heard.append((user, email))
        raise RuntimeError("a receiver failed")

    ask()
    token = _link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    email_verified.connect(listener, dispatch_uid="test-listener")
    try:
        with pytest.raises(RuntimeError):
            services.account_create_from_link(token=token, password=NEW_PASSWORD)
    finally:
        email_verified.disconnect(dispatch_uid="test-listener")
    assert [email for _, email in heard] == ["priya.shah@example.com"]
    assert not User.objects.exists()  # undone with the receiver's failure
    assert services.pending_account_for_link(token=token) is not None  # so the link still works


def test_the_rate_limit_counts_each_address_and_each_network(db: Any, settings: Any) -> None:
    settings.EMAIL_LINKS_PER_ADDRESS_PER_HOUR = 2
    settings.EMAIL_LINKS_PER_NETWORK_PER_HOUR = 3
    hit = services.rate_limit_hit
    assert not hit(scope="account", keys={"address": "a@example.com", "network": "10.0.0.1"})
    assert not hit(scope="account", keys={"address": "A@example.com", "network": "10.0.0.1"})
    assert hit(scope="account", keys={"address": "a@example.com", "network": "10.0.0.2"})
    assert not hit(scope="password-reset", keys={"address": "a@example.com", "network": "10.0.0.1"})
    assert not hit(scope="account", keys={"address": "b@example.com", "network": "10.0.0.1"})
    assert hit(scope="account", keys={"address": "c@example.com", "network": "10.0.0.1"})


# Pages --------------------------------------------------------------------------------------------------------


def test_the_sign_in_page_offers_an_account_and_a_password_reset(client: Any, db: Any) -> None:
    page = client.get(reverse("accounts:sign-in")).content.decode()
    assert f'<a class="govuk-link" href="{CREATE}">Create an account</a>' in page
    assert f'<a class="govuk-link" href="{RESET}">Forgotten your password?</a>' in page
    assert "ask your manager" not in page.lower()


def test_a_new_parent_creates_an_account_and_signs_in_with_their_email(
    client: Any, db: Any, committed: Any
) -> None:
    with committed():
        sent = client.post(CREATE, FORM, follow=True)
    page = sent.content.decode()
    assert "Check your email" in page
    assert "priya.shah@example.com" in page
    link = _link_in(mail.outbox[0])
    choose = client.get(link).content.decode()
    assert "Choose a password" in choose
    created = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    assert "Your account has been created" in created.content.decode()
    assert client.get(link).status_code == 404  # the link works once
    signed_in = client.post(
        reverse("accounts:sign-in"), {"username": "Priya.Shah@example.com", "password": NEW_PASSWORD}
    )
    assert signed_in["Location"] == reverse("accounts:dashboard")
    home = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Your applications and referrals" in home
    assert "Parent or carer" in home


def test_the_form_says_what_is_missing_and_keeps_what_was_typed(client: Any, db: Any, committed: Any) -> None:
    with committed():
        page = client.post(CREATE, {"first_name": "Priya", "email": "not an address"}).content.decode()
    assert "<title>Error: Create an account" in page
    assert "Select whether you are a parent or carer, or a young person" in page
    assert "Enter your last name" in page
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert 'value="Priya"' in page
    assert 'value="not an address"' in page
    assert not mail.outbox


def test_the_password_is_checked_and_the_link_still_works_after_a_mistake(
    client: Any, db: Any, committed: Any
) -> None:
    with committed():
        client.post(CREATE, FORM)
    link = _link_in(mail.outbox[0])
    short = client.post(link, {"password1": "short", "password2": "short"}).content.decode()
    assert "This password is too short" in short
    different = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "The passwords do not match. Enter the same password twice." in different.content.decode()
    like_the_email = client.post(link, {"password1": "priya.shah@example", "password2": "priya.shah@example"})
    assert "too similar" in like_the_email.content.decode()
    assert not User.objects.exists()
    assert client.get(link).status_code == 200


def test_the_form_does_not_tell_whether_an_address_has_an_account(
    client: Any, db: Any, committed: Any
) -> None:
    UserFactory(username="existing", email="taken@example.com", role=Role.PARENT_CARER)
    with committed():
        taken = client.post(CREATE, {**FORM, "email": "taken@example.com"}, follow=True)
    with committed():
        free = Client().post(CREATE, {**FORM, "email": "free@example.com"}, follow=True)

    def without_address(response: Any) -> str:
        return _main(response).replace("taken@example.com", "ADDRESS").replace("free@example.com", "ADDRESS")

    assert without_address(taken) == without_address(free)
    assert [m.subject for m in mail.outbox] == ["You already have an account", "Finish creating your account"]


def _main(response: Any) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_asking_too_often_is_refused_with_what_to_do(
    client: Any, db: Any, settings: Any, committed: Any
) -> None:
    settings.EMAIL_LINKS_PER_ADDRESS_PER_HOUR = 2
    for _ in range(2):
        with committed():
            assert client.post(CREATE, FORM).status_code == 302
    with committed():
        refused = client.post(CREATE, FORM)
    assert refused.status_code == 429
    assert "You have asked for too many emails" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_a_signed_in_person_is_sent_to_their_account(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.PARENT_CARER])
    assert client.get(CREATE)["Location"] == reverse("accounts:dashboard")


# Forgotten passwords ------------------------------------------------------------------------------------------


@pytest.fixture
def parent(db: Any) -> User:
    user: Any = UserFactory(username="pat", email="pat@example.com", role=Role.PARENT_CARER)
    return user


def test_a_forgotten_password_is_reset_by_an_emailed_link_once(
    client: Any, parent: User, committed: Any
) -> None:
    with committed():
        sent = client.post(RESET, {"email": "PAT@example.com"}, follow=True)
    assert "If there is an account with the address you gave" in sent.content.decode()
    (email,) = mail.outbox
    assert email.to == ["pat@example.com"]
    assert email.subject == "Reset your password"
    assert "The link works once, for 60 minutes." in email.body
    assert Message.objects.filter(to="pat@example.com", for_family=False).exists()
    link = _link_in(email, "password/reset")
    choose = client.get(link, follow=True)
    assert "Choose a new password" in choose.content.decode()
    form_url = choose.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert "Your password has been changed" in done.content.decode()
    parent.refresh_from_db()
    assert parent.check_password(NEW_PASSWORD)
    again = client.get(link, follow=True).content.decode()
    assert "This link has stopped working" in again


def test_resetting_never_tells_whether_an_address_has_an_account(
    client: Any, parent: User, committed: Any
) -> None:
    with committed():
        known = client.post(RESET, {"email": "pat@example.com"}, follow=True)
    with committed():
        unknown = client.post(RESET, {"email": "nobody@example.com"}, follow=True)
    assert _main(known) == _main(unknown)
    assert [m.to for m in mail.outbox] == [["pat@example.com"]]


def test_the_reset_form_explains_a_mistake_and_keeps_it(client: Any, db: Any, committed: Any) -> None:
    with committed():
        page = client.post(RESET, {"email": "pat at example"}).content.decode()
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert 'value="pat at example"' in page


def test_resetting_too_often_is_refused(client: Any, parent: User, settings: Any, committed: Any) -> None:
    settings.EMAIL_LINKS_PER_ADDRESS_PER_HOUR = 1
    with committed():
        client.post(RESET, {"email": "pat@example.com"})
    with committed():
        refused = client.post(RESET, {"email": "pat@example.com"})
    assert refused.status_code == 429
    assert len(mail.outbox) == 1


def test_a_new_password_ends_a_lock_out(client: Any, parent: User, settings: Any, committed: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:sign-in"), {"username": "pat", "password": "wrong"})
    locked = client.post(reverse("accounts:sign-in"), {"username": "pat", "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert reverse("accounts:password-reset") in locked.content.decode()
    with committed():
        client.post(RESET, {"email": "pat@example.com"})
    choose = client.get(_link_in(mail.outbox[0], "password/reset"), follow=True)
    client.post(choose.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    signed_in = client.post(reverse("accounts:sign-in"), {"username": "pat", "password": NEW_PASSWORD})
    assert signed_in["Location"] == reverse("accounts:dashboard")
