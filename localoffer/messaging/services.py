"""Sending messages: recorded in the same transaction as the change they tell about, sent after commit by a
background task that retries, so a message is never sent about something that was rolled back."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.tasks import task
from django.utils import timezone

from localoffer.messaging.models import Message, MessageStatus

MAX_ATTEMPTS = 5


def message_queue(
    *, to: str, subject: str, body: str, about: models.Model | None = None, for_family: bool = True
) -> Message | None:
    """Record a message and send it once the surrounding transaction commits. No address: nothing to send."""
    if not to:
        return None
    message = Message.objects.create(
        to=to,
        subject=subject[:200],
        body=body,
        about_type=about._meta.label_lower if about is not None else "",
        about_id=about.pk if about is not None else None,
        for_family=for_family,
    )
    message_id = str(message.id)
    transaction.on_commit(lambda: message_send.enqueue(message_id=message_id))
    return message


def retry_delay(attempt: int) -> dt.timedelta:
    """Wait longer after each failure: 1, 2, 4, 8 minutes."""
    return dt.timedelta(minutes=2 ** max(attempt - 1, 0))


@task
def message_send(*, message_id: str) -> str:
    """Send one message. On failure, count the attempt and queue a retry, until MAX_ATTEMPTS."""
    message = Message.objects.filter(pk=uuid.UUID(message_id)).first()
    if message is None or message.status != MessageStatus.QUEUED:
        return "nothing to send"
    try:
        EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[message.to],
            from_email=settings.DEFAULT_FROM_EMAIL,
        ).send()
    except Exception as error:  # any failure of the mail service is retried, then recorded
        message.attempts += 1
        message.last_error = f"{type(error).__name__}: {error}"[:300]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = MessageStatus.FAILED
            message.save(update_fields=["attempts", "last_error", "status"])
            return "failed"
        message.save(update_fields=["attempts", "last_error"])
        _retry(message_id, message.attempts)
        return "retrying"
    message.attempts += 1
    message.status = MessageStatus.SENT
    message.sent_at = timezone.now()
    message.save(update_fields=["attempts", "status", "sent_at"])
    return "sent"


def _retry(message_id: str, attempts: int) -> None:
    later: Any = message_send
    if later.get_backend().supports_defer:
        later = later.using(run_after=timezone.now() + retry_delay(attempts))
    later.enqueue(message_id=message_id)


def messages_resume() -> int:
    """Queue again every message still waiting whose task is gone: the web process killed between its commit
    and queueing the task, or the worker killed while sending. Run before the worker starts (make serve), when
    no task can be running. A message sent but not yet marked sent when the worker died goes once more:
    a duplicate email rather than a lost one. Returns how many were queued."""
    from django_tasks_db.models import DBTaskResult

    waiting = {
        str((task.args_kwargs.get("kwargs") or {}).get("message_id"))
        for task in DBTaskResult.objects.ready().only("args_kwargs")
    }
    resumed = 0
    for message_id in Message.objects.filter(status=MessageStatus.QUEUED).values_list("id", flat=True):
        if str(message_id) not in waiting:
            message_send.enqueue(message_id=str(message_id))
            resumed += 1
    return resumed


def messages_about(obj: models.Model) -> models.QuerySet[Message]:
    return Message.objects.filter(about_type=obj._meta.label_lower, about_id=obj.pk, for_family=True)
