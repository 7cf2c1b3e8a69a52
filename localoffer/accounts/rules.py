import rules

from localoffer.core.predicates import has_role
from localoffer.core.roles import Role

_sysadmin = has_role(Role.SYSTEM_ADMINISTRATOR)
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"accounts.{_action}_user", _sysadmin)
rules.add_perm("accounts", _sysadmin)
rules.add_perm("accounts.administer_service", _sysadmin)
