import rules

from localoffer.core.predicates import has_role
from localoffer.core.roles import CASEWORK_ROLES, Role

# The worker's list of their own casework; the team manager's; duty's.
rules.add_perm("casework.see_own_work", has_role(*CASEWORK_ROLES))
rules.add_perm("casework.see_team_work", has_role(Role.MANAGER))
rules.add_perm("casework.see_duty_work", has_role(Role.DUTY_WORKER))
# Panels and the Children in Need census: the team's manager.
rules.add_perm("casework.run_panels", has_role(Role.MANAGER))
rules.add_perm("casework.census", has_role(Role.MANAGER))
# Starting a section 47 enquiry or a child protection plan: duty, and managers.
rules.add_perm("casework.safeguarding", has_role(Role.DUTY_WORKER, Role.MANAGER))
# Any practitioner keeps drafts of what they type.
rules.add_perm("casework.keep_drafts", has_role(*CASEWORK_ROLES, Role.MANAGER, Role.DUTY_WORKER))
