"""Words more than one app uses, defined once.

The family's application (intake, in `referrals`) asks them and the grant (`grants`, above it) decides with
them, so they live below both. `grants.models` re-exports them under the grant's names: the grant owns their
meaning; this module only keeps one spelling of them. See docs/decisions/0011-grant-vocabulary.md.

The level of need, carer strain and risk of family breakdown are recorded on the child and family assessment
(`casework`) and weighed by the places priority (`places`, above it), so they live here too
(docs/decisions/0023-places-and-allocation.md).
"""

from __future__ import annotations

from django.db import models


class DlaCareRate(models.TextChoices):
    """The care component of Disability Living Allowance, lowest to highest, as the award letter words it."""

    NONE = "none", "No DLA"
    LOWEST = "lowest", "Lowest rate"
    MIDDLE = "middle", "Middle rate"
    HIGHER = "higher", "Highest rate"


DLA_CARE_ORDER = {DlaCareRate.NONE: 0, DlaCareRate.LOWEST: 1, DlaCareRate.MIDDLE: 2, DlaCareRate.HIGHER: 3}


class GrantPaymentMethod(models.TextChoices):
    """The ways the short breaks grant is paid: asked on the application, used by the payment ledger."""

    MANAGED_ACCOUNT = "managed_account", "Into a managed account"
    PREPAID_CARD = "prepaid_card", "Onto a prepaid card"


class NeedLevel(models.IntegerChoices):
    """The short breaks level of need, as the child and family assessment records it and the places priority
    weighs it."""

    ONE = 1, "Level 1"
    TWO = 2, "Level 2"
    THREE = 3, "Level 3"


class CarerStrain(models.TextChoices):
    """How the family is managing with caring: the assessment records it, the places priority weighs it."""

    LOW = "low", "Low: the family is coping"
    MODERATE = "moderate", "Moderate: the family is finding it hard"
    HIGH = "high", "High: the family may not be able to carry on"


class BreakdownRisk(models.TextChoices):
    """The risk the family breaks down without a break: the assessment records it, the places priority weighs it."""

    MINIMAL = "minimal", "Minimal risk of family breakdown"
    POSSIBLE = "possible", "Possible risk of family breakdown"
    SIGNIFICANT = "significant", "Significant risk of family breakdown"
