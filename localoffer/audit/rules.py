import rules

from localoffer.core.predicates import has_role
from localoffer.core.roles import Role

rules.add_perm("audit.search_trail", has_role(Role.MANAGER))
