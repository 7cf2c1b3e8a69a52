import rules

from localoffer.core.predicates import has_role
from localoffer.core.roles import FAMILY_ROLES, Role

# Managers draft, preview and publish policy versions, set budgets and run payments.
rules.add_perm("grants.manage_policy", has_role(Role.MANAGER))
# The what-if model and the budget, for those who plan the money.
rules.add_perm("grants.view_whatif", has_role(Role.MANAGER, Role.COMMISSIONER))
rules.add_perm("grants.view_budget", has_role(Role.MANAGER, Role.COMMISSIONER, Role.SDS_COORDINATOR))
# Self-directed support coordinators evaluate and decide; the child access decision still applies.
rules.add_perm("grants.evaluate", has_role(Role.SDS_COORDINATOR))
# Payment runs and the finance system's return files.
rules.add_perm("grants.run_payments", has_role(Role.SDS_COORDINATOR, Role.MANAGER))
# The short breaks services statement: drafted and published by managers and Local Offer editors.
rules.add_perm("grants.manage_statement", has_role(Role.MANAGER, Role.LOCAL_OFFER_EDITOR))
# Families read the decision letters about their own children (the child access decision still applies).
rules.add_perm("grants.see_own_decisions", has_role(*FAMILY_ROLES))
# Renewals: the daily invitations, reminders and lapses, and changes of circumstance.
rules.add_perm("grants.manage_renewals", has_role(Role.SDS_COORDINATOR, Role.MANAGER))
