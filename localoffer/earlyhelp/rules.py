import rules

from localoffer.core.predicates import has_role
from localoffer.core.roles import FAMILY_ROLES, PARTNER_ROLES, Role

# The hub's caseload, each lead practitioner's families and plans overdue for review; partners see their own.
rules.add_perm("earlyhelp.see_caseload", has_role(Role.EARLY_HELP_PRACTITIONER, Role.MANAGER, *PARTNER_ROLES))
# Outcome evidence for the council's return: managers and commissioners, and the hubs' practitioners.
rules.add_perm(
    "earlyhelp.see_outcomes", has_role(Role.MANAGER, Role.COMMISSIONER, Role.EARLY_HELP_PRACTITIONER)
)
# Social workers and duty step a child down to early help (a referral to a hub, sent with the child's record).
rules.add_perm("earlyhelp.step_down", has_role(Role.SOCIAL_WORKER, Role.DUTY_WORKER))
# A family member sees their family's early help and says how it is going.
rules.add_perm("earlyhelp.see_own_family", has_role(*FAMILY_ROLES))
# Who may open a family's early help record at all (access.py then decides which): the hub, partners, managers,
# and the social care teams a step up is sent to.
rules.add_perm(
    "earlyhelp.open_record",
    has_role(
        Role.EARLY_HELP_PRACTITIONER, Role.MANAGER, Role.SOCIAL_WORKER, Role.DUTY_WORKER, *PARTNER_ROLES
    ),
)
