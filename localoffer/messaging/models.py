"""Every message the service sends: to whom, about what, and whether it went. Sent after commit, by a task."""

from __future__ import annotations

import uuid

from django.db import models


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be sent"


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # What the message is about (for example a referral), so the person it concerns can read it again.
    about_type = models.CharField(max_length=100, blank=True)
    about_id = models.UUIDField(null=True, blank=True, db_index=True)
    # Messages to a family are shown to them; alerts to a team's address are not.
    for_family = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_status_display().lower()})"
