import rules

from localoffer.core.predicates import has_role
from localoffer.core.roles import FAMILY_ROLES, Role

# A child's package page: the family, the teams working with the child and managers (packages/access.py
# decides which children).
rules.add_perm(
    "packages.view_package",
    has_role(*FAMILY_ROLES, Role.SOCIAL_WORKER, Role.SDS_COORDINATOR, Role.MANAGER),
)
# Social workers and self-directed support coordinators set packages up; managers authorise them.
rules.add_perm("packages.set_up", has_role(Role.SOCIAL_WORKER, Role.SDS_COORDINATOR))
rules.add_perm("packages.authorise", has_role(Role.MANAGER))
# Putting a package's floating support on casework's panel agenda: those who set it up, and managers.
rules.add_perm("packages.take_to_panel", has_role(Role.SOCIAL_WORKER, Role.SDS_COORDINATOR, Role.MANAGER))
# Each earlier version of an element or agreement, who made it and when: the staff who work on packages.
rules.add_perm("packages.view_history", has_role(Role.SOCIAL_WORKER, Role.SDS_COORDINATOR, Role.MANAGER))
# The caseload across every package, and the expenditure by service line.
rules.add_perm("packages.view_caseload", has_role(Role.MANAGER))
rules.add_perm("packages.view_expenditure", has_role(Role.MANAGER, Role.COMMISSIONER))
# The rate card: commissioners change it; managers and coordinators read it.
rules.add_perm("packages.view_rates", has_role(Role.COMMISSIONER, Role.MANAGER, Role.SDS_COORDINATOR))
rules.add_perm("packages.manage_rates", has_role(Role.COMMISSIONER))
# Direct payment runs, the finance return, and surplus recovery.
rules.add_perm("packages.run_payments", has_role(Role.SDS_COORDINATOR, Role.MANAGER))
# Correcting or reversing a payment by a compensating entry on the ledger: the same people as the runs.
rules.add_perm("packages.correct_payments", has_role(Role.SDS_COORDINATOR, Role.MANAGER))
# Switching a payee to their second route (one, or every payee of a card provider that has stopped).
rules.add_perm("packages.switch_route", has_role(Role.SDS_COORDINATOR))
# Monitoring returns: the family, or the coordinator for the managed account provider.
rules.add_perm("packages.send_return", has_role(*FAMILY_ROLES, Role.SDS_COORDINATOR))
# A family's own list of their children's packages.
rules.add_perm("packages.see_own", has_role(*FAMILY_ROLES))
