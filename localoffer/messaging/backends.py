"""Django's email backend, sending through GOV.UK Notify with one email template whose subject and body
are the message's (the template is `((subject))` and `((body))`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not settings.NOTIFY_API_KEY or not settings.NOTIFY_TEMPLATE_ID:
            raise ImproperlyConfigured(
                "Sending email through GOV.UK Notify needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID."
            )
        self.api_key = settings.NOTIFY_API_KEY
        self.template_id = settings.NOTIFY_TEMPLATE_ID
        self._client: Any = None

    def open(self) -> bool:
        if self._client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            self._client = NotificationsAPIClient(self.api_key)
            return True
        return False

    def close(self) -> None:
        self._client = None

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        self.open()
        sent = 0
        for message in email_messages:
            for address in message.recipients():
                # A failure is raised, never swallowed: the sending task records it and retries.
                self._client.send_email_notification(
                    email_address=address,
                    template_id=self.template_id,
                    personalisation={"subject": str(message.subject), "body": str(message.body)},
                )
            sent += 1
        return sent
