"""Personal assistants with their checks and what falls due; monitoring returns, surplus recovery with notice
(the family's contribution apart), and personal care from a provider not registered with the CQC flagged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from localoffer.accounts.tests.factories import UserFactory
from localoffer.core.roles import Role
from localoffer.packages.models import Agreement, MonitoringReturn
from localoffer.packages.services import (
    assistant_add,
    checks_due,
    return_record,
    schedule_generate,
    surplus_recover,
)
from localoffer.packages.tests.helpers import an_authorised_package
from localoffer.people.tests.factories import ChildFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_card")]
TODAY = dt.date(2026, 11, 23)


def _return(agreement: Agreement, balance: int, **fields: Any) -> MonitoringReturn:
    values: dict[str, Any] = {
        "period_ends_on": dt.date(2026, 5, 3),
        "balance_pence": balance,
        "spent_pence": 40_000,
        "spending": "Sessions with the personal assistant, for the plan's outcome of time out of the house.",
        "provider": "",
        "provider_gives_personal_care": False,
        "provider_cqc_registered": None,
        **fields,
    }
    return return_record(agreement=agreement, by=None, **values)


def test_a_close_relative_in_the_household_needs_the_recorded_reason() -> None:
    _, agreement = an_authorised_package(ChildFactory())
    with pytest.raises(ValidationError) as refused:
        assistant_add(
            agreement=agreement,
            by=None,
            name="Aunt",
            employment="self_employed",
            charges="£15 an hour",
            support_times="Saturdays 10 to 4",
            notice="2 weeks",
            close_relative_in_household=True,
        )
    assert "close_relative_reason" in refused.value.message_dict
    assistant = assistant_add(
        agreement=agreement,
        by=None,
        name="Aunt",
        employment="self_employed",
        charges="£15 an hour",
        support_times="Saturdays 10 to 4",
        notice="2 weeks",
        close_relative_in_household=True,
        close_relative_reason="The only person the child will accept personal care from.",
    )
    assert assistant.close_relative_reason.startswith("The only person")


def test_an_employed_assistant_needs_hours_and_hmrc_and_reminds_what_falls_due() -> None:
    _, agreement = an_authorised_package(ChildFactory())
    with pytest.raises(ValidationError) as refused:
        assistant_add(agreement=agreement, by=None, name="Pat", employment="employed")
    assert set(refused.value.message_dict) == {"contracted_hours_a_week", "hmrc_employer_reference"}
    assistant = assistant_add(
        agreement=agreement,
        by=None,
        name="Pat",
        employment="employed",
        contracted_hours_a_week=12,
        hmrc_employer_reference="123/AB45678",
        payroll_through_sds=True,
        dbs_checked_on=dt.date(2023, 12, 1),
        insurance_renews_on=dt.date(2026, 12, 20),
    )
    assert checks_due(assistant, today=TODAY) == [
        "DBS check from 1 December 2023 to renew",
        "Right to work check not recorded",
        "Employer's liability insurance renews on 20 December 2026",
    ]


def test_a_surplus_above_8_weeks_is_recovered_with_notice_and_the_familys_contribution_apart() -> None:
    _, agreement = an_authorised_package(ChildFactory())
    Agreement.objects.filter(pk=agreement.pk).update(family_contribution_weekly_pence=1_000)
    agreement.refresh_from_db()
    # 8 weeks of £120 is £960; the family's own 8 weeks of £10 (£80) is theirs.
    under = _return(agreement, 96_000 + 8_000)
    assert under.surplus_pence == 0
    over = _return(agreement, 150_000, period_ends_on=dt.date(2026, 5, 31))
    assert over.surplus_pence == 150_000 - 96_000 - 8_000
    with pytest.raises(ValidationError, match="no surplus"):
        surplus_recover(monitoring_return=under, method="repay", by=UserFactory(role=Role.SDS_COORDINATOR))
    recovery = surplus_recover(
        monitoring_return=over, method="reduce", by=UserFactory(role=Role.SDS_COORDINATOR), today=TODAY
    )
    assert (recovery.amount_pence, recovery.recover_by) == (46_000, TODAY + dt.timedelta(days=14))
    assert recovery.family_contribution_pence == 8_000
    # Reducing: the next instalments are smaller until the surplus is recovered.
    schedule_generate(agreement=agreement, through=dt.date(2026, 6, 1), by=None)
    amounts = list(agreement.instalments.order_by("due_on").values_list("amount_pence", flat=True))
    assert amounts == [48_000 - 46_000, 48_000, 48_000]


def test_personal_care_from_a_provider_not_registered_with_the_cqc_is_flagged() -> None:
    _, agreement = an_authorised_package(ChildFactory())
    flagged = _return(
        agreement,
        0,
        provider="Home Helpers",
        provider_gives_personal_care=True,
        provider_cqc_registered=False,
    )
    assert flagged.cqc_flag
    with pytest.raises(ValidationError, match="registered with the CQC"):
        _return(
            agreement,
            0,
            period_ends_on=dt.date(2026, 6, 28),
            provider="Unknown",
            provider_gives_personal_care=True,
        )
    registered = _return(
        agreement,
        0,
        period_ends_on=dt.date(2026, 7, 26),
        provider="Care Co",
        provider_gives_personal_care=True,
        provider_cqc_registered=True,
    )
    assert not registered.cqc_flag
