import rules

from localoffer.core.predicates import has_role
from localoffer.core.roles import CASEWORK_ROLES, FAMILY_ROLES, Role

# Families ask for places for their own children; workers for the children their team works with
# (the child access decision still applies to each child).
rules.add_perm("places.request", has_role(*FAMILY_ROLES, *CASEWORK_ROLES))
# Commissioners (and managers) run, compare and publish allocations.
rules.add_perm("places.allocate", has_role(Role.COMMISSIONER, Role.MANAGER))
# Provider staff see their own setting only (places/access.py decides which).
rules.add_perm("places.provide", has_role(Role.PROVIDER_STAFF))
# Utilisation and cost, and the SSDA903 return.
rules.add_perm("places.view_utilisation", has_role(Role.MANAGER, Role.COMMISSIONER))
rules.add_perm("places.export_returns", has_role(Role.MANAGER))
