from __future__ import annotations

from typing import Any

from django.db import transaction

from localoffer.council.grant_caseload import caseload_generate
from localoffer.grants.models import Award, CaseKind, CaseStatus, GrantCase, OtherSupport, PaymentConfirmation
from localoffer.grants.tests.conftest import TODAY


def test_medway_caseload_has_the_strategys_renewals_and_new_applications(users: Any, policy: Any) -> None:
    made = caseload_generate(policy=policy, today=TODAY)
    assert (made.children, made.renewals, made.new) == (1177, 935, 242)
    assert GrantCase.objects.filter(kind=CaseKind.RENEWAL, status=CaseStatus.APPROVED).count() == 935
    assert GrantCase.objects.filter(kind=CaseKind.NEW, status=CaseStatus.AWAITING).count() == 242
    assert Award.objects.count() == 935
    levels = {level: Award.objects.filter(level=level).count() for level in (1, 2, 3)}
    assert levels[1] > levels[2] > levels[3] > 100
    assert 60 < OtherSupport.objects.filter(kind="direct_payment").count() < 150
    assert PaymentConfirmation.objects.exists()
    autism = GrantCase.objects.filter(primary_need="autism").count()
    assert 300 < autism < 460  # s4: 32.2% of needs are autism


class _Undo(Exception):
    pass


def _levels_and_birthdays(policy: Any, seed: int) -> list[tuple[int, Any]]:
    try:
        with transaction.atomic():
            caseload_generate(policy=policy, today=TODAY, size=60, seed=seed)
            made = list(
                Award.objects.order_by("case__reference").values_list("level", "child__date_of_birth")
            )
            raise _Undo
    except _Undo:
        return made


def test_same_seed_gives_the_same_caseload_and_another_seed_another(users: Any, policy: Any) -> None:
    first = _levels_and_birthdays(policy, 7)
    assert len(first) == round(60 * 935 / 1177)
    assert _levels_and_birthdays(policy, 7) == first
    assert _levels_and_birthdays(policy, 8) != first
