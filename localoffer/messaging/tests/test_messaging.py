from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from localoffer.core.tests.test_env import _start
from localoffer.messaging.backends import NotifyEmailBackend
from localoffer.messaging.models import Message, MessageStatus
from localoffer.messaging.services import message_queue, message_send, retry_delay

pytestmark = pytest.mark.sqlite

KEY = f"localoffer_test-{uuid.uuid4()}-{uuid.uuid4()}"
TEMPLATE = str(uuid.uuid4())


class FakeNotify:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[dict[str, Any]] = []
        self.fail = fail

    def send_email_notification(self, **kwargs: Any) -> dict[str, str]:
        if self.fail:
            raise ConnectionError("Notify is unavailable")
        self.sent.append(kwargs)
        return {"id": "1"}


def test_the_notify_backend_sends_the_subject_and_body_through_one_template(settings: Any) -> None:
    settings.NOTIFY_API_KEY = KEY
    settings.NOTIFY_TEMPLATE_ID = TEMPLATE
    backend = NotifyEmailBackend()
    backend._client = FakeNotify()
    sent = backend.send_messages([EmailMessage(subject="Hello", body="Your reference", to=["a@example.com"])])
    assert sent == 1
    assert backend._client.sent == [
        {
            "email_address": "a@example.com",
            "template_id": TEMPLATE,
            "personalisation": {"subject": "Hello", "body": "Your reference"},
        }
    ]


def test_the_notify_backend_raises_so_the_task_can_retry(settings: Any) -> None:
    settings.NOTIFY_API_KEY = KEY
    settings.NOTIFY_TEMPLATE_ID = TEMPLATE
    backend = NotifyEmailBackend()
    backend._client = FakeNotify(fail=True)
    with pytest.raises(ConnectionError):
        backend.send_messages([EmailMessage(subject="s", body="b", to=["a@example.com"])])


@pytest.mark.django_db
def test_a_message_is_sent_after_commit_and_only_once(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = message_queue(to="a@example.com", subject="s", body="b")
    assert message is not None
    assert mail.outbox == []  # nothing leaves before the data is committed
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message_send.call(message_id=str(message.id))  # a duplicate run of the task
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 1


@pytest.mark.django_db
def test_a_failure_is_retried_and_a_later_attempt_succeeds(monkeypatch: Any) -> None:
    message = Message.objects.create(to="a@example.com", subject="s", body="b")
    original = EmailMessage.send
    failures = iter([True, True, False])

    def flaky(self: EmailMessage, fail_silently: bool = False) -> int:
        if next(failures):
            raise ConnectionError("Notify is unavailable")
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    message_send.enqueue(message_id=str(message.id))  # the immediate backend runs the retries at once
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 3
    assert len(mail.outbox) == 1


def test_retries_wait_longer_each_time() -> None:
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_no_address_means_nothing_to_send() -> None:
    assert message_queue(to="", subject="s", body="b") is None


def test_settings_refuse_malformed_notify_values_and_say_what_is_missing() -> None:
    assert "NOTIFY_API_KEY is not a GOV.UK Notify API key" in _start(NOTIFY_API_KEY="secret").stderr
    assert "NOTIFY_TEMPLATE_ID must be the template's id" in _start(NOTIFY_TEMPLATE_ID="welcome").stderr
    missing = _start(LOCALOFFER_EMAIL_BACKEND="localoffer.messaging.backends.NotifyEmailBackend").stderr
    assert "NOTIFY_API_KEY, NOTIFY_TEMPLATE_ID missing" in missing
    assert _start(NOTIFY_API_KEY=KEY, NOTIFY_TEMPLATE_ID=TEMPLATE).returncode == 0
    assert "must be an email address" in _start(LOCALOFFER_DUTY_ALERT_EMAIL="duty").stderr
