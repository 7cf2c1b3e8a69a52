"""Editors keep listings true; providers propose changes that wait in the editors' queue."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from localoffer.audit.models import Action, AuditEvent
from localoffer.core.roles import Role
from localoffer.directory.models import ChangeStatus, ListingChange, Organization, Service
from localoffer.directory.services import (
    ListingChangeRefused,
    listing_change_decide,
    listing_change_propose,
    overdue_reminders_send,
    service_edit,
)

pytestmark = pytest.mark.usefixtures("offer")


@pytest.fixture
def rocc_staff(users: dict[str, Any]) -> Any:
    user = users[Role.PROVIDER_STAFF]
    user.provider = Organization.objects.get(slug="rocc")
    user.email = "staff@rocc.example"
    user.save()
    return user


def form_data(service: Service, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": service.name,
        "description": service.description,
        "phone": service.phone,
        "email": service.email,
        "url": service.url,
        "minimum_age": service.minimum_age if service.minimum_age is not None else "",
        "maximum_age": service.maximum_age if service.maximum_age is not None else "",
        "eligibility": service.eligibility,
        "next_step": service.next_step,
        "capacity": service.capacity,
        "fees": service.fees,
        "status": service.status,
        "closed_message": service.closed_message,
        "hidden_from": "",
    }
    for slug, code in service.terms.values_list("taxonomy__slug", "code"):  # as the boxes are ticked
        data.setdefault(f"terms_{slug}", []).append(code)
    return {**data, **changes}


def test_an_editor_changes_a_listing_and_marks_it_checked(client: Any, users: dict[str, Any]) -> None:
    editor = users[Role.LOCAL_OFFER_EDITOR]
    service = Service.objects.get(slug="shine")
    client.force_login(editor)
    response = client.post(
        reverse("directory:manage-listing", args=[service.slug]),
        form_data(service, capacity="Up to 30 young people a session", checked="on"),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.capacity == "Up to 30 young people a session"
    assert service.assured_date == timezone.localdate()
    assert service.next_review_due == timezone.localdate() + dt.timedelta(days=365)
    assert AuditEvent.objects.filter(action=Action.CHANGE, object_id=str(service.id), actor=editor).exists()
    page = client.get(reverse("directory:manage-listing", args=[service.slug])).content.decode()
    assert "capacity" in page  # the version history names what changed
    public = client.get(reverse("directory:service", args=[service.slug])).content.decode()
    assert f"last checked on {timezone.localdate():%-d %B %Y}" in public


def test_an_editor_changes_what_a_listing_is_filed_under(client: Any, users: dict[str, Any]) -> None:
    from localoffer.directory.selectors import DirectoryCriteria, directory_search

    editor = users[Role.LOCAL_OFFER_EDITOR]
    service = Service.objects.get(slug="shine")
    before = set(service.terms.values_list("taxonomy__slug", "code"))
    assert ("when", "overnight") not in before
    other = {(slug, code) for slug, code in before if slug not in {"when", "level-of-need"}}

    def found_overnight() -> bool:
        found = directory_search(
            criteria=DirectoryCriteria(query=service.name, terms={"when": ("overnight",)})
        )
        return service.slug in {r.service.slug for r in found.results}

    assert not found_overnight()
    client.force_login(editor)
    response = client.post(
        reverse("directory:manage-listing", args=[service.slug]),
        form_data(service, terms_when=["overnight"]),
    )
    assert response.status_code == 302
    after = set(service.terms.values_list("taxonomy__slug", "code"))
    assert {code for slug, code in after if slug == "when"} == {"overnight"}
    assert other <= after  # every other taxonomy, and ones the form does not offer, kept as they were
    assert ("level-of-need", service.level) in after
    assert found_overnight()
    changes = AuditEvent.objects.filter(action=Action.CHANGE, object_id=str(service.id), actor=editor)
    assert any("terms" in event.changed_fields for event in changes)


def test_the_listing_page_shows_the_terms_it_is_filed_under(client: Any, users: dict[str, Any]) -> None:
    service = Service.objects.get(slug="shine")
    client.force_login(users[Role.LOCAL_OFFER_EDITOR])
    page = client.get(reverse("directory:manage-listing", args=[service.slug])).content.decode()
    code = service.terms.filter(taxonomy__slug="areas").values_list("code", flat=True).first()
    assert code is not None
    assert f'name="terms_areas" type="checkbox" value="{code}" checked' in page


def test_a_provider_proposes_a_change_that_waits_for_an_editor(
    client: Any, users: dict[str, Any], rocc_staff: Any
) -> None:
    service = Service.objects.get(slug="rocc-holiday-clubs")
    client.force_login(rocc_staff)
    client.post(
        reverse("directory:manage-listing", args=[service.slug]), form_data(service, phone="01634 000 000")
    )
    service.refresh_from_db()
    assert service.phone != "01634 000 000"  # not published yet
    change = ListingChange.objects.get()
    assert change.proposed == {"phone": "01634 000 000"}

    client.force_login(users[Role.LOCAL_OFFER_EDITOR])
    page = client.get(reverse("directory:decide", args=[change.id])).content.decode()
    assert "01634 000 000" in page
    client.post(reverse("directory:decide", args=[change.id]), {"decision": "approve"})
    service.refresh_from_db()
    assert service.phone == "01634 000 000"
    assert service.assured_date == timezone.localdate()


def test_a_provider_cannot_touch_another_providers_listing(client: Any, rocc_staff: Any) -> None:
    client.force_login(rocc_staff)
    assert client.get(reverse("directory:manage-listing", args=["shine"])).status_code == 403
    with pytest.raises(ListingChangeRefused, match="your own organisation"):
        listing_change_propose(
            service=Service.objects.get(slug="shine"), changes={"phone": "1"}, actor=rocc_staff
        )


def test_a_provider_sees_only_their_own_listings(client: Any, rocc_staff: Any) -> None:
    client.force_login(rocc_staff)
    page = client.get(reverse("directory:manage")).content.decode()
    assert "ROCC holiday clubs" in page
    assert "Shine" not in page


def test_a_decision_is_made_once_and_a_refusal_needs_a_reason(users: dict[str, Any], rocc_staff: Any) -> None:
    service = Service.objects.get(slug="rocc-holiday-clubs")
    change = listing_change_propose(service=service, changes={"capacity": "Up to 200"}, actor=rocc_staff)
    editor = users[Role.LOCAL_OFFER_EDITOR]
    with pytest.raises(ListingChangeRefused, match="Say why"):
        listing_change_decide(change=change, approve=False, reason=" ", actor=editor)
    listing_change_decide(change=change, approve=False, reason="Please give the source", actor=editor)
    with pytest.raises(ListingChangeRefused, match="already been decided"):
        listing_change_decide(change=change, approve=True, reason="", actor=editor)
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED


def test_a_stale_proposal_is_refused(users: dict[str, Any], rocc_staff: Any) -> None:
    service = Service.objects.get(slug="rocc-holiday-clubs")
    editor = users[Role.LOCAL_OFFER_EDITOR]
    change = listing_change_propose(service=service, changes={"capacity": "Up to 200"}, actor=rocc_staff)
    service_edit(service=service, changes={"capacity": "Up to 180"}, checked=False, actor=editor)
    with pytest.raises(ListingChangeRefused, match="changed since"):
        listing_change_decide(change=change, approve=True, reason="", actor=editor)


def test_nothing_changed_is_explained(client: Any, rocc_staff: Any) -> None:
    service = Service.objects.get(slug="rocc-holiday-clubs")
    client.force_login(rocc_staff)
    page = client.post(
        reverse("directory:manage-listing", args=[service.slug]), form_data(service)
    ).content.decode()
    assert "You have not changed anything" in page


def test_bad_input_is_explained_and_kept(client: Any, users: dict[str, Any]) -> None:
    service = Service.objects.get(slug="shine")
    client.force_login(users[Role.LOCAL_OFFER_EDITOR])
    page = client.post(
        reverse("directory:manage-listing", args=[service.slug]),
        form_data(
            service, minimum_age="19", hidden_from="next week", status="temporarily closed", name="Shine!"
        ),
    ).content.decode()
    assert "The highest age must be the same as or more than the lowest age" in page
    assert "Enter the date as year-month-day, for example 2027-01-31" in page
    assert "Say what families should do while the service is closed" in page
    assert 'value="Shine!"' in page
    service.refresh_from_db()
    assert service.name != "Shine!"


def test_hidden_from_a_date_and_temporarily_closed(client: Any, users: dict[str, Any]) -> None:
    editor = users[Role.LOCAL_OFFER_EDITOR]
    shine = Service.objects.get(slug="shine")
    service_edit(service=shine, changes={"hidden_from": dt.date(2020, 1, 1)}, checked=False, actor=editor)
    assert client.get(reverse("directory:service", args=["shine"])).status_code == 404
    squad = Service.objects.get(slug="wednesday-squad")
    service_edit(
        service=squad,
        changes={"status": "temporarily closed", "closed_message": "Try Shine instead."},
        checked=False,
        actor=editor,
    )
    assert (
        "temporarily closed. Try Shine instead."
        in client.get(reverse("directory:service", args=["wednesday-squad"])).content.decode()
    )


def test_overdue_listings_are_listed_and_their_providers_reminded(
    client: Any, users: dict[str, Any], rocc_staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(users[Role.LOCAL_OFFER_EDITOR])
    page = client.get(reverse("directory:manage"), {"overdue": "1"}).content.decode()
    assert "ROCC holiday clubs" in page
    assert "Overdue" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_reminders_send() >= 1
    to_rocc = [m for m in mail.outbox if m.to == ["staff@rocc.example"]]
    assert len(to_rocc) == 1
    assert "ROCC holiday clubs" in to_rocc[0].body
    from localoffer.messaging.models import Message, MessageStatus

    recorded = Message.objects.get(to="staff@rocc.example")  # through the messaging app, like every message
    assert recorded.status == MessageStatus.SENT
    assert not recorded.for_family


def test_an_editor_adds_a_listing_families_can_find(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.LOCAL_OFFER_EDITOR])
    rocc = Organization.objects.get(slug="rocc")
    data = {
        **form_data(
            Service(),
            name="Saturday swimming club",
            description="Swimming with extra staff.",
            next_step="Book with ROCC.",
            status="active",
            minimum_age="5",
            maximum_age="16",
        ),
        "organization": str(rocc.id),
        "level": "targeted",
        "terms_help-types": ["things-to-do"],
        "terms_when": ["weekends"],
    }
    response = client.post(reverse("directory:new-listing"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    service = Service.objects.get(name="Saturday swimming club")
    assert service.slug == "saturday-swimming-club"
    assert {t.code for t in service.terms.all()} >= {"things-to-do", "weekends", "targeted"}
    assert service.assured_date == timezone.localdate()
    found = client.get(reverse("directory:search"), {"q": "swiming", "when": "weekends"}).content.decode()
    assert "Saturday swimming club" in found


def test_a_new_listing_needs_its_essentials(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.LOCAL_OFFER_EDITOR])
    page = client.post(reverse("directory:new-listing"), {"name": "Half a listing"}).content.decode()
    for message in (
        "Select the provider that runs the service",
        "Select the level of need",
        "Describe the service",
    ):
        assert message in page
    assert 'value="Half a listing"' in page
