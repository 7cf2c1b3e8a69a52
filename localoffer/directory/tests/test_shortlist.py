from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("offer")


def add(client: Any, slug: str) -> Any:
    return client.post(
        reverse("directory:shortlist-add"), {"slug": slug, "next": f"/local-offer/services/{slug}/"}
    )


def test_a_family_keeps_a_shortlist_without_an_account(client: Any) -> None:
    response = add(client, "short-breaks-grant")
    assert response["Location"] == "/local-offer/services/short-breaks-grant/"
    add(client, "rocc-holiday-clubs")
    page = client.get(reverse("directory:shortlist")).content.decode()
    assert page.index("Short breaks grant") < page.index("ROCC")
    client.post(reverse("directory:shortlist-remove"), {"slug": "short-breaks-grant"})
    assert "Short breaks grant" not in client.get(reverse("directory:shortlist")).content.decode()


def test_refuses_a_service_that_is_not_listed(client: Any) -> None:
    add(client, "parklands-after-school-club")  # inactive
    page = client.get(reverse("directory:shortlist")).content.decode()
    assert "We could not add that service" in page
    assert "Your shortlist is empty" in page


def test_never_redirects_off_the_site(client: Any) -> None:
    response = client.post(
        reverse("directory:shortlist-add"), {"slug": "short-breaks-grant", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("directory:shortlist")


def test_sends_the_shortlist_to_the_familys_email(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    add(client, "short-breaks-grant")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:shortlist-email"), {"email": "parent@example.com"}, follow=True
        )
    assert "We have sent your shortlist of 1 service to your email" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["parent@example.com"]
    assert "Short breaks grant" in mail.outbox[0].body
    assert "01634 331 351" in mail.outbox[0].body
    from localoffer.messaging.models import Message, MessageStatus

    recorded = Message.objects.get(to="parent@example.com")  # through the messaging app, like every message
    assert recorded.status == MessageStatus.SENT


def test_a_bad_email_is_explained_and_kept(client: Any) -> None:
    add(client, "short-breaks-grant")
    page = client.post(reverse("directory:shortlist-email"), {"email": "parent-at-example"}).content.decode()
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert 'value="parent-at-example"' in page
    assert len(mail.outbox) == 0


def test_an_empty_shortlist_is_not_sent(client: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("directory:shortlist-email"), {"email": "parent@example.com"}, follow=True)
    assert "Your shortlist is empty, so there is nothing to send" in page.content.decode()
    assert len(mail.outbox) == 0
