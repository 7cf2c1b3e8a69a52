"""Words more than one app uses, defined once.

The family's application (intake, in `referrals`) asks them and the grant (`grants`, above it) decides with
them, so they live below both. `grants.models` re-exports them under the grant's names: the grant owns their
meaning; this module only keeps one spelling of them. See docs/decisions/0011-grant-vocabulary.md.
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
