"""The grant's structure and its staff pages: one access decision, audited views, guarded status changes,
the case search, one reference, the date input, the confirmation pages, inline errors and the chart."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from localoffer.audit.models import Action, AuditEvent
from localoffer.core.roles import Role
from localoffer.grants.access import cases_visible_to, grant_access
from localoffer.grants.charts import budget_chart_svg
from localoffer.grants.models import AwardStatus, GrantCase, PaymentRun, Renewal, RenewalStatus
from localoffer.grants.renewals import renewals_run
from localoffer.grants.selectors import budget_summary
from localoffer.grants.services import case_create
from localoffer.grants.status import TransitionNotAllowed, award_status_change
from localoffer.grants.tests.helpers import an_approved_case, an_evaluated_case, with_short_breaks_team
from localoffer.people.tests.factories import ChildFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("policy")]


@pytest.fixture
def child(child: Any) -> Any:
    """The shared child, aged 11 so that the grant's age rule never decides a test by chance."""
    child.date_of_birth = dt.date(2015, 3, 27)
    child.save()
    return child


@pytest.fixture
def applicant(users: dict[str, Any]) -> Any:
    """A child of the parent's, aged 11 (within the grant's ages), worked with by the short breaks team."""
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create

    record: Any = ChildFactory(date_of_birth=dt.date(2015, 3, 27))
    family_link_create(child=record, user=users[Role.PARENT_CARER], relationship=Relationship.PARENT)
    return record


def test_the_case_list_and_the_access_decision_agree_for_every_role(
    users: dict[str, Any], child: Any
) -> None:
    with_short_breaks_team(child)
    case_create(child=child)
    nobodys: Any = ChildFactory()
    case_create(child=nobodys)  # nobody's caseload
    for role, user in users.items():
        listed = set(cases_visible_to(user))
        decided = {case for case in GrantCase.objects.all() if grant_access(user, case.child).allowed}
        assert listed == decided, role


def test_opening_a_spending_page_is_audited_and_another_family_is_refused(
    client: Any, users: dict[str, Any], applicant: Any
) -> None:
    case = an_approved_case(applicant)
    url = reverse("grants:spending", args=[case.award.id])
    client.force_login(users[Role.PARENT_CARER])
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(action=Action.VIEW, object_id=str(case.award.id)).exists()
    stranger: Any = users[Role.YOUNG_PERSON]
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    assert AuditEvent.objects.filter(action=Action.VIEW_DENIED, object_id=str(case.award.id)).exists()


def test_renewal_invitations_are_audited_and_kept_in_history(applicant: Any) -> None:
    case = an_approved_case(applicant)
    renewals_run(today=case.award.ends_on - dt.timedelta(days=10))
    renewal = Renewal.objects.get(award=case.award)
    assert renewal.history.count() == 1
    assert AuditEvent.objects.filter(object_id=str(renewal.pk)).exists()


def test_a_lapsed_award_cannot_end_twice(applicant: Any) -> None:
    case = an_approved_case(applicant)
    renewals_run(today=case.award.ends_on - dt.timedelta(days=30))
    renewals_run(today=case.award.ends_on + dt.timedelta(days=1))
    award = case.award.__class__.objects.get(pk=case.award.pk)
    assert award.status == AwardStatus.ENDED
    assert Renewal.objects.get(award=award).status == RenewalStatus.LAPSED
    with pytest.raises(TransitionNotAllowed):
        award_status_change(award=award, status=AwardStatus.ENDED, by=None)


def test_a_coordinator_finds_a_case_by_name_reference_or_date_of_birth(
    client: Any, users: dict[str, Any]
) -> None:
    robin: Any = ChildFactory(first_name="Robin", last_name="Example", date_of_birth=dt.date(2015, 3, 27))
    sam: Any = ChildFactory(first_name="Sam", last_name="Other", date_of_birth=dt.date(2012, 1, 5))
    for record in (robin, sam):
        with_short_breaks_team(record)
    found, other = case_create(child=robin), case_create(child=sam)
    client.force_login(users[Role.SDS_COORDINATOR])
    for search in ("robin example", "Example", found.reference.lower(), "27/3/2015", "27 March 2015"):
        page = client.get(reverse("grants:cases"), {"q": search}).content.decode()
        assert found.reference in page, search
        assert other.reference not in page, search
    nothing = client.get(reverse("grants:cases"), {"q": "Nobody"}).content.decode()
    assert "No awaiting evaluation cases match “Nobody”" in nothing


def test_a_case_from_an_online_application_keeps_the_familys_reference(
    users: dict[str, Any], child: Any
) -> None:
    from localoffer.grants.services import case_open_for_referral
    from localoffer.referrals.tests.helpers import a_submitted_referral

    application = a_submitted_referral(user=users[Role.PARENT_CARER])
    application.child = child
    application.save()
    case = case_open_for_referral(referral=application)
    assert case.reference == application.reference


def test_a_draft_policy_is_saved_without_retyping_its_start_date(
    client: Any, users: dict[str, Any], proposal: Any
) -> None:
    client.force_login(users[Role.MANAGER])
    url = reverse("grants:policy-edit", args=[proposal.id])
    page = client.get(url).content.decode()
    start = proposal.effective_from
    assert f'name="effective_from-day" type="text" inputmode="numeric" value="{start.day}"' in page
    assert f'name="effective_from-year" type="text" inputmode="numeric" value="{start.year}"' in page
    wrong = client.post(
        url, {"effective_from-day": "31", "effective_from-month": "2", "effective_from-year": "2027"}
    )
    text = wrong.content.decode()
    assert "must be a real date, like 27 3 2027" in text
    assert 'name="effective_from-day" type="text" inputmode="numeric" value="31"' in text


def test_a_payment_run_asks_for_confirmation_saying_how_many_and_how_much(
    client: Any, users: dict[str, Any], applicant: Any
) -> None:
    case = an_approved_case(applicant)
    client.force_login(users[Role.MANAGER])
    page = client.get(reverse("grants:payment-run-new")).content.decode()
    assert "Check the payment run before you make it" in page
    assert f"£{case.award.amount_pence // 100:,}" in page
    assert "Confirm and make the payment run" in page
    assert "Cancel" in page
    assert not PaymentRun.objects.exists()
    client.post(reverse("grants:payment-run-new"))
    assert PaymentRun.objects.get().count == 1


def test_the_renewal_emails_wait_for_confirmation(client: Any, users: dict[str, Any], applicant: Any) -> None:
    from django.utils import timezone

    case = an_approved_case(applicant)
    award = case.award
    award.ends_on = timezone.localdate() + dt.timedelta(days=20)
    award.save()
    client.force_login(users[Role.SDS_COORDINATOR])
    page = client.get(reverse("grants:renewals-run")).content.decode()
    assert "1 award ending within six weeks" in page
    assert "Confirm and send" in page
    assert not Renewal.objects.exists()
    client.post(reverse("grants:renewals-run"))
    assert Renewal.objects.filter(award=award).exists()


def test_a_decline_without_reasons_shows_the_error_summary_and_keeps_the_choice(
    client: Any, users: dict[str, Any], applicant: Any
) -> None:
    case = an_evaluated_case(applicant)
    client.force_login(users[Role.SDS_COORDINATOR])
    page = client.post(
        reverse("grants:case-decide", args=[case.id]), {"decision": "decline"}
    ).content.decode()
    assert "govuk-error-summary" in page
    assert 'id="id_reasons-error"' in page
    assert 'value="decline" checked' in page


def test_the_budget_chart_has_no_inline_style_fits_its_column_and_marks_the_overspend(
    users: dict[str, Any], applicant: Any
) -> None:
    from localoffer.grants.models import BudgetYear

    case = an_approved_case(applicant)
    year = case.award.budget_year
    BudgetYear.objects.update_or_create(start_year=year, defaults={"amount_pence": 100})
    svg = budget_chart_svg(budget_summary(start_year=year, today=case.award.starts_on))
    assert "style=" not in svg
    assert "<style" not in svg
    assert 'width="100%"' in svg
    assert "viewBox" in svg
    assert "Forecast overspend" in svg
