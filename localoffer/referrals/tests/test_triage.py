"""Triage as a worker does it: match from the name as typed, take an outcome, and see what accepting opened.
Refused actions come back with the GOV.UK error summary and the error beside the field, keeping the answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from localoffer.core.roles import Role
from localoffer.people.models import Involvement
from localoffer.people.tests.factories import ChildFactory
from localoffer.referrals import services
from localoffer.referrals.models import OpenedWork, Route, Status
from localoffer.referrals.tests.helpers import a_safety_concern, a_submitted_referral

pytestmark = pytest.mark.django_db


def test_a_worry_is_matched_from_its_free_text_name(users: dict[str, Any]) -> None:
    duty = users[Role.DUTY_WORKER]
    amara: Any = ChildFactory(first_name="Amara", last_name="Okafor", date_of_birth=dt.date(2017, 1, 1))
    namesake: Any = ChildFactory(first_name="Amara", last_name="Smith", date_of_birth=dt.date(2010, 1, 1))
    ChildFactory(first_name="Zed", last_name="Other")
    concern = a_safety_concern(child_name="Amara Okafor", child_age="9")
    candidates = services.referral_match_candidates(concern)
    assert candidates[0] == amara  # both names, best first
    assert namesake in candidates  # any part of the name finds a record; the worker chooses
    services.referral_match_child(referral=concern, child=amara, by=duty)
    assert concern.child == amara


def test_a_worker_can_look_for_records_by_another_name(users: dict[str, Any]) -> None:
    duty = users[Role.DUTY_WORKER]
    bee: Any = ChildFactory(first_name="Beatrice", last_name="Lowe")
    concern = a_safety_concern(child_name="Bee")
    assert services.referral_match_candidates(concern) == []
    with pytest.raises(ValidationError):
        services.referral_match_child(referral=concern, child=bee, by=duty)
    assert services.referral_match_candidates(concern, name="Beatrice") == [bee]
    services.referral_match_child(referral=concern, child=bee, by=duty, name="Beatrice")
    assert concern.child == bee


def test_a_new_record_from_a_worry_takes_the_name_and_date_the_worker_gives(users: dict[str, Any]) -> None:
    concern = a_safety_concern(child_name="Amara Okafor", child_age="9")
    with pytest.raises(ValidationError) as refused:
        services.referral_create_child(referral=concern, by=users[Role.DUTY_WORKER])
    assert "date_of_birth" in refused.value.message_dict
    services.referral_create_child(
        referral=concern, by=users[Role.DUTY_WORKER], date_of_birth=dt.date(2017, 5, 4)
    )
    child = concern.child
    assert child is not None
    assert (child.first_name, child.last_name, child.date_of_birth) == (
        "Amara",
        "Okafor",
        dt.date(2017, 5, 4),
    )


def test_accepting_needs_the_childs_record(users: dict[str, Any]) -> None:
    referral = a_submitted_referral(user=users[Role.PARENT_CARER], route=Route.DISABILITY_TEAM)
    with pytest.raises(ValidationError) as refused:
        services.referral_record_outcome(
            referral=referral, outcome=Status.ACCEPTED, reason="", by=users[Role.SOCIAL_WORKER]
        )
    assert "Match the referral to the child's record" in refused.value.message_dict["outcome"][0]
    assert referral.status == Status.SUBMITTED


def test_accepting_links_to_the_teams_work_with_the_child(users: dict[str, Any]) -> None:
    worker = users[Role.SOCIAL_WORKER]
    referral = a_submitted_referral(user=users[Role.PARENT_CARER], route=Route.DISABILITY_TEAM)
    services.referral_create_child(referral=referral, by=worker)
    services.referral_record_outcome(referral=referral, outcome=Status.ACCEPTED, reason="", by=worker)
    involvement = Involvement.objects.get(child=referral.child, team=referral.team)
    opened = OpenedWork.objects.get(referral=referral, url_name="people:child-detail")
    assert opened.get_absolute_url() == reverse("people:child-detail", args=[involvement.child_id]) + "#teams"
    assert opened.title.startswith(f"{involvement.team.name}'s work with {involvement.child.first_name}")


def test_a_refused_outcome_shows_the_error_summary_and_keeps_the_choice(
    client: Any, users: dict[str, Any], offer: None
) -> None:
    from localoffer.directory.models import Service

    referral = a_submitted_referral(user=users[Role.PARENT_CARER])
    client.force_login(users[Role.SDS_COORDINATOR])
    service = Service.objects.filter(status="active").earliest("name")
    response = client.post(
        reverse("referrals:outcome", args=[referral.id]),
        {"outcome": "no_further_action", "reason": "", "services": [str(service.pk)]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#id_reason">Enter why no further action is being taken.</a>' in page
    assert 'id="id_reason-error"' in page  # beside the field
    assert 'value="no_further_action" checked' in page  # the chosen answer is kept
    assert f'value="{service.pk}" checked' in page
    assert "<title>Error: " in page
    assert "govuk-notification-banner" not in page


def test_accepting_without_a_record_says_so_beside_the_outcome(client: Any, users: dict[str, Any]) -> None:
    referral = a_submitted_referral(user=users[Role.PARENT_CARER], route=Route.DISABILITY_TEAM)
    client.force_login(users[Role.SOCIAL_WORKER])
    page = client.post(
        reverse("referrals:outcome", args=[referral.id]), {"outcome": "accepted"}
    ).content.decode()
    assert 'href="#id_outcome_0"' in page
    assert 'id="id_outcome-error"' in page
    assert 'value="accepted" checked' in page


def test_signposting_offers_checkboxes_grouped_by_level(
    client: Any, users: dict[str, Any], offer: None
) -> None:
    referral = a_submitted_referral(user=users[Role.PARENT_CARER])
    client.force_login(users[Role.SDS_COORDINATOR])
    page = client.get(reverse("referrals:detail", args=[referral.id])).content.decode()
    assert "<select" not in page.split("Outcome</h2>")[1]
    assert 'type="checkbox" value=' in page
    assert "Universal: open to everyone, no assessment</legend>" in page


def test_a_refused_match_keeps_the_new_records_details(client: Any, users: dict[str, Any]) -> None:
    concern = a_safety_concern(child_name="Amara Okafor", child_age="9")
    client.force_login(users[Role.DUTY_WORKER])
    page = client.post(
        reverse("referrals:match", args=[concern.id]),
        {"child": "new", "first_name": "Amara", "last_name": "Okafor", "date_of_birth_day": "4"},
    ).content.decode()
    assert "Date of birth must include a month and year" in page
    assert 'href="#id_date_of_birth"' in page
    assert 'value="Amara"' in page
    assert 'name="date_of_birth_day" type="text" inputmode="numeric" value="4"' in page
    assert concern.child_id is None


def test_staff_read_labels_not_stored_values(client: Any, users: dict[str, Any]) -> None:
    concern = a_safety_concern(referrer_kind="other", family_knows="no")
    client.force_login(users[Role.DUTY_WORKER])
    page = client.get(reverse("referrals:detail", args=[concern.id])).content.decode()
    answers = page.split("The worry</h2>")[1].split("</dl>")[0]
    assert "Someone else (a relative, neighbour or member of the public)" in answers
    assert ">other<" not in answers
    assert ">no<" not in answers


def test_staff_read_dates_in_words(client: Any, users: dict[str, Any]) -> None:
    referral = a_submitted_referral(user=users[Role.PARENT_CARER])
    client.force_login(users[Role.SDS_COORDINATOR])
    page = client.get(reverse("referrals:detail", args=[referral.id])).content.decode()
    assert "27 March 2015" in page
    assert "2015-03-27" not in page


def test_the_queue_gives_the_age_a_worry_told(client: Any, users: dict[str, Any]) -> None:
    a_safety_concern(child_age="9")
    client.force_login(users[Role.DUTY_WORKER])
    row = client.get(reverse("referrals:queue")).content.decode().split("<tbody")[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in row.split('<td class="govuk-table__cell">')[1:]]
    assert cells[1] == "9"
