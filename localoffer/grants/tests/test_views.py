from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from localoffer.core.roles import Role
from localoffer.grants.models import CaseStatus, GrantCase, PaymentConfirmation, PolicyStatus, PolicyVersion
from localoffer.grants.services import case_create, payment_run_create
from localoffer.grants.tests.helpers import an_approved_case, with_short_breaks_team
from localoffer.people.tests.factories import ChildFactory

# Every grant record stands on a published policy: Medway's, loaded by the `policy` fixture.
pytestmark = pytest.mark.usefixtures("policy")

RESULT = reverse("grants:checker-result")
ELIGIBLE = {
    "age": "9",
    "medway": "yes",
    "diagnosis": "yes",
    "dla": "middle",
    "impact": "moderate",
    "risk": "significant",
    "other": "no",
}


@pytest.fixture
def applicant(users: dict[str, Any]) -> Any:
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create

    parent = users[Role.PARENT_CARER]
    parent.email = "parent@example.com"
    parent.save(update_fields=["email"])
    child: Any = ChildFactory(first_name="Robin", date_of_birth=dt.date(2015, 3, 27))
    family_link_create(child=child, user=parent, relationship=Relationship.PARENT)
    with_short_breaks_team(child)
    return child


def test_checker_says_likely_level_from_the_published_policy(client: Any, policy: Any) -> None:
    page = client.get(RESULT, ELIGIBLE).content.decode()
    assert "Your child is likely to get the short breaks grant" in page
    assert "Level 3: £1,000 a year" in page


def test_checker_says_why_not_and_what_else_could_help(client: Any, policy: Any) -> None:
    page = client.get(RESULT, {**ELIGIBLE, "diagnosis": "no", "dla": "none"}).content.decode()
    assert "Your child is not likely to get the short breaks grant" in page
    assert "The grant needs a diagnosed disability or Disability Living Allowance." in page
    assert f"{reverse('directory:search')}?level=universal" in page


def test_checker_walks_one_question_a_page_without_javascript(client: Any, policy: Any) -> None:
    url = reverse("grants:checker-question", args=["age"])
    response = client.get(url, {"answered": "age", "age": "9"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("grants:checker-question", args=["medway"]))
    assert "age=9" in response["Location"]


def test_checker_bad_age_gets_a_clear_message_and_keeps_the_answer(client: Any, policy: Any) -> None:
    url = reverse("grants:checker-question", args=["age"])
    page = client.get(url, {"answered": "age", "age": "nine"}).content.decode()
    assert "Enter the age as a number of years, like 9" in page
    assert 'value="nine"' in page


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.dictionaries(st.sampled_from(list(ELIGIBLE)), st.text(max_size=30)))
def test_checker_never_fails_on_hostile_answers(client: Any, policy: Any, answers: dict[str, str]) -> None:
    assert client.get(RESULT, answers).status_code in (200, 302)


def test_the_policy_page_shows_levels_and_what_the_grant_cannot_pay_for(client: Any, policy: Any) -> None:
    page = client.get(reverse("grants:policy")).content.decode()
    assert "£750" in page
    assert "a washing machine" in page


def test_coordinator_evaluates_and_decides_and_the_family_reads_the_letter(
    client: Any, users: dict[str, Any], policy: Any, applicant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = case_create(child=applicant)
    client.force_login(users[Role.SDS_COORDINATOR])
    url = reverse("grants:case", args=[case.id])
    answers = {
        "has_diagnosis": "yes",
        "dla_rate": "higher",
        "lives_in_medway": "yes",
        "primary_need": "autism",
        "impact": "significant",
        "breakdown_risk": "possible",
        "carer_needs": "A break at weekends",
        "how_it_helps": "ROCC on Saturdays",
        "payment_method": "managed_account",
    }
    assert client.post(url, answers).status_code == 302
    page = client.get(url).content.decode()
    assert "Recommendation under policy version 1" in page
    assert "<strong>Level 3</strong>" in page
    # A different level without a reason is refused, and nothing typed is lost.
    page = client.post(url, {**answers, "chosen_level": "2", "change_reason": ""}).content.decode()
    assert "Say why the level differs from the recommendation" in page
    assert "ROCC on Saturdays" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grants:case-decide", args=[case.id]), {"decision": "approve"})
    assert response["Location"] == reverse("grants:letter", args=[case.id])
    assert GrantCase.objects.get(pk=case.pk).status == CaseStatus.APPROVED
    assert mail.outbox[0].to == ["parent@example.com"]
    client.force_login(users[Role.PARENT_CARER])
    assert case.reference in client.get(reverse("grants:my-decisions")).content.decode()
    letter = client.get(reverse("grants:letter", args=[case.id])).content.decode()
    assert "Level 3" in letter
    assert "£1,000" in letter
    pdf = client.get(reverse("grants:letter-pdf", args=[case.id]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    root: Any = PdfReader(io.BytesIO(pdf.content)).trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged, for screen readers
    assert str(root["/Lang"]).lower().startswith("en")


def test_another_family_cannot_read_the_letter(client: Any, users: dict[str, Any], applicant: Any) -> None:
    case = an_approved_case(applicant)
    client.force_login(users[Role.YOUNG_PERSON])
    assert client.get(reverse("grants:letter", args=[case.id])).status_code == 403


def test_whole_package_warns_when_the_policy_stops_the_grant(
    client: Any, users: dict[str, Any], policy: Any, applicant: Any
) -> None:
    from localoffer.grants.models import OtherSupport

    OtherSupport.objects.create(
        child=applicant, kind="parklands_nights", nights_a_year=24, started_on=dt.date(2025, 1, 1)
    )
    PolicyVersion.objects.filter(pk=policy.pk).update(stops_with_other_short_breaks=True)
    case = case_create(child=applicant)
    client.force_login(users[Role.SDS_COORDINATOR])
    page = client.get(reverse("grants:case", args=[case.id])).content.decode()
    assert "Overnight short breaks at Parklands: 24 nights a year" in page
    assert "the grant stops when that happens" in page


def test_manager_drafts_edits_previews_and_publishes(client: Any, users: dict[str, Any], policy: Any) -> None:
    client.force_login(users[Role.MANAGER])
    response = client.post(reverse("grants:policy-draft-new"))
    draft = PolicyVersion.objects.filter(status=PolicyStatus.DRAFT).order_by("-number").first()
    assert draft is not None
    assert response["Location"] == reverse("grants:policy-edit", args=[draft.id])
    form = {
        "title": "Level 3 at £900",
        "summary": "",
        "effective_from": "2027-04-01",
        "criteria_rule": "either",
        "minimum_dla_rate": "lowest",
        "minimum_age": "0",
        "maximum_age": "17",
        "requires_medway_residence": "on",
        "renewal_mode": "review",
        "inclusions_text": "Clubs: ROCC",
        "exclusions_text": "Household goods: a washing machine",
        "level1-description": "Little",
        "level1-amount_pounds": "500",
        "level2-description": "Moderate",
        "level2-amount_pounds": "750",
        "level3-description": "Significant",
        "level3-amount_pounds": "nine hundred",
    }
    page = client.post(reverse("grants:policy-edit", args=[draft.id]), form).content.decode()
    assert "Enter the amount in whole pounds, like 750" in page
    response = client.post(
        reverse("grants:policy-edit", args=[draft.id]), {**form, "level3-amount_pounds": "900"}
    )
    assert response["Location"] == reverse("grants:whatif", args=[draft.id])
    assert "What if “Level 3 at £900” applied today" in client.get(response["Location"]).content.decode()
    client.post(reverse("grants:policy-publish", args=[draft.id]))
    assert "£900" in client.get(reverse("grants:policy")).content.decode()
    assert client.get(reverse("grants:policy-version", args=[1])).status_code == 200


def test_whatif_download_is_csv(client: Any, users: dict[str, Any], proposal: Any) -> None:
    client.force_login(users[Role.COMMISSIONER])
    response = client.get(reverse("grants:whatif-csv", args=[proposal.id]))
    assert response["Content-Type"] == "text/csv"
    assert response.content.decode().startswith("case_reference,")


def test_payments_page_runs_and_marks_paid_from_a_return_file(
    client: Any, users: dict[str, Any], applicant: Any
) -> None:
    instruction = an_approved_case(applicant).award.payment
    client.force_login(users[Role.MANAGER])
    client.post(reverse("grants:payment-run-new"))
    csv_text = client.get(reverse("grants:payment-run-csv", args=[1])).content.decode()
    assert csv_text.splitlines()[-1] == "CONTROL,75000,1,,,"
    bad = SimpleUploadedFile(
        "return.csv", b"reference,amount_pence,paid_on,finance_reference\nPAY-X,1,2026-12-01,F\n"
    )
    page = client.post(reverse("grants:payments"), {"file": bad}).content.decode()
    assert "nothing in it was applied" in page
    assert "Line 2: no payment has the reference &#x27;PAY-X&#x27;." in page
    good = SimpleUploadedFile(
        "return.csv",
        f"reference,amount_pence,paid_on,finance_reference\n{instruction.reference},75000,2026-12-01,F1\n".encode(),
    )
    assert client.post(reverse("grants:payments"), {"file": good}).status_code == 302
    assert PaymentConfirmation.objects.filter(instruction=instruction).exists()


def test_budget_page_has_a_chart_beside_its_table(client: Any, users: dict[str, Any], applicant: Any) -> None:
    from localoffer.grants.services import budget_set

    an_approved_case(applicant)
    budget_set(start_year=2026, amount_pence=49_120_200, by=None)
    client.force_login(users[Role.COMMISSIONER])
    page = client.get(reverse("grants:budget"), {"year": "2026"}).content.decode()
    assert "<svg" in page
    assert 'role="img"' in page
    assert "£491,202" in page
    assert "£750" in page
    assert client.get(reverse("grants:budget"), {"year": "not a year"}).status_code == 200


def test_statement_is_drafted_published_and_kept(
    client: Any, users: dict[str, Any], offer: None, policy: Any
) -> None:
    client.force_login(users[Role.LOCAL_OFFER_EDITOR])
    client.post(reverse("grants:statement-manage"), {"action": "draft"})
    page = client.get(reverse("grants:statement-manage")).content.decode()
    assert "The first published statement." in page
    from localoffer.grants.models import Statement

    draft = Statement.objects.get()
    client.post(reverse("grants:statement-manage"), {"action": "publish", "statement": draft.id})
    client.logout()
    page = client.get(reverse("grants:statement")).content.decode()
    assert "How families were consulted" in page
    assert "193 parents and carers" in page
    pdf = client.get(reverse("grants:statement-pdf", args=[draft.number]))
    assert pdf.content.startswith(b"%PDF")


def test_payment_run_with_nothing_waiting_says_so(client: Any, users: dict[str, Any], applicant: Any) -> None:
    an_approved_case(applicant)
    payment_run_create(by=users[Role.MANAGER])
    client.force_login(users[Role.MANAGER])
    response = client.post(reverse("grants:payment-run-new"), follow=True)
    assert "There are no payments waiting to be sent." in response.content.decode()


def test_manager_sets_the_budget_and_a_commissioner_cannot(
    client: Any, users: dict[str, Any], policy: Any
) -> None:
    url = reverse("grants:budget") + "?year=2026"
    client.force_login(users[Role.COMMISSIONER])
    assert client.post(url, {"amount_pounds": "1"}).status_code == 403
    client.force_login(users[Role.MANAGER])
    page = client.post(url, {"amount_pounds": "lots"}).content.decode()
    assert "Enter the budget in whole pounds, like 491202" in page
    response = client.post(url, {"amount_pounds": "491202"}, follow=True)
    assert "£491,202" in response.content.decode()


def _award_card(page: str, child: Any) -> str:
    from django.utils.html import escape

    start = page.index(f"{escape(child)}: Level")
    return page[start : page.index("Record what the grant paid for", start)]


def test_the_family_sees_where_the_money_is_at_each_step(
    client: Any, users: dict[str, Any], applicant: Any
) -> None:
    from localoffer.grants.services import payment_return_import

    award = an_approved_case(applicant).award
    client.force_login(users[Role.PARENT_CARER])
    url = reverse("grants:my-decisions")
    assert "Approved, waiting to be paid" in _award_card(client.get(url).content.decode(), applicant)

    run = payment_run_create(by=users[Role.MANAGER])
    from django.utils import timezone

    sent = timezone.localdate(run.created_at)
    card = _award_card(client.get(url).content.decode(), applicant)
    assert f"Sent for payment on {sent.day} {sent:%B %Y}" in card
    assert "waiting to be paid" not in card

    payment_return_import(
        text=f"reference,amount_pence,paid_on,finance_reference\n{award.payment.reference},75000,2026-12-01,F1\n",
        by=users[Role.MANAGER],
    )
    card = _award_card(client.get(url).content.decode(), applicant)
    assert "Paid on 1 December 2026" in card
    assert "Sent for payment" not in card


def test_the_family_sees_the_renewal_invitation_answers_it_and_sees_a_lapse(
    client: Any, users: dict[str, Any], applicant: Any
) -> None:
    from localoffer.grants.models import Renewal, RenewalStatus

    award = an_approved_case(applicant).award
    renewal = Renewal.objects.create(
        award=award, mode="reapply", invited_on=award.ends_on - dt.timedelta(days=42)
    )
    client.force_login(users[Role.PARENT_CARER])
    url = reverse("grants:my-decisions")
    ends = f"{award.ends_on.day} {award.ends_on:%B %Y}"
    card = _award_card(client.get(url).content.decode(), applicant)
    assert f"reapply by {ends}" in card
    assert reverse("grants:renewal-respond", args=[renewal.id]) in card

    page = client.post(reverse("grants:renewal-respond", args=[renewal.id]), follow=True).content.decode()
    renewal.refresh_from_db()
    assert renewal.case is not None
    card = _award_card(page, applicant)
    assert f"(reference {renewal.case.reference})" in card
    assert reverse("grants:renewal-respond", args=[renewal.id]) not in card

    Renewal.objects.filter(pk=renewal.pk).update(status=RenewalStatus.LAPSED, lapsed_on=award.ends_on)
    card = _award_card(client.get(url).content.decode(), applicant)
    assert f"This grant ended on {ends} because we did not hear from you" in card
    assert reverse("referrals:apply-short-breaks") in card


def test_a_family_sees_only_its_own_childrens_awards(
    client: Any, users: dict[str, Any], applicant: Any
) -> None:
    from django.utils.html import escape

    from localoffer.accounts.tests.factories import UserFactory
    from localoffer.core.roles import Role as R
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create

    an_approved_case(applicant)
    other_parent: Any = UserFactory(role=R.PARENT_CARER)
    other_child: Any = ChildFactory(first_name="Sasha", date_of_birth=dt.date(2016, 5, 2))
    family_link_create(child=other_child, user=other_parent, relationship=Relationship.PARENT)
    with_short_breaks_team(other_child)
    an_approved_case(other_child)

    client.force_login(other_parent)
    page = client.get(reverse("grants:my-decisions")).content.decode()
    assert f"{escape(other_child)}: Level" in page
    assert escape(applicant) not in page
    client.force_login(users[Role.SDS_COORDINATOR])
    staff = client.get(reverse("grants:my-decisions")).content.decode()
    assert "Approved, waiting to be paid" not in staff


def test_checker_result_links_to_the_online_application_with_the_phone_beside_it(
    client: Any, policy: Any, medway: None
) -> None:
    page = client.get(RESULT, ELIGIBLE).content.decode()
    next_step = page[page.index("What happens next") :]
    next_step = next_step[: next_step.index("</p>")]
    assert (
        f'<a class="govuk-link" href="{reverse("referrals:apply-short-breaks")}">Apply for a short breaks grant online</a>'
        in next_step
    )
    assert '<a class="govuk-link" href="tel:+441634331351">01634 331 351</a>' in next_step


def test_the_statement_before_it_is_published_gives_the_family_next_steps(client: Any, medway: None) -> None:
    response = client.get(reverse("grants:statement"))
    page = response.content.decode()
    assert response.status_code == 404
    assert "The statement has not been published yet" in page
    assert reverse("grants:policy") in page
    assert "01634 331 351" in page
