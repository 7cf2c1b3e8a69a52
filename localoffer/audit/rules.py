import rules

from localoffer.accounts.predicates import has_role
from localoffer.accounts.roles import Role

rules.add_perm("audit.search_trail", has_role(Role.MANAGER))
