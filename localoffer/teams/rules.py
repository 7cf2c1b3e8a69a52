import rules

from localoffer.core.predicates import has_role
from localoffer.core.roles import Role

# Contact details are reference data kept by system administrators through the admin site.
_sysadmin = has_role(Role.SYSTEM_ADMINISTRATOR)
for _model in ("team", "openingperiod", "closureday"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"teams.{_action}_{_model}", _sysadmin)
rules.add_perm("teams", _sysadmin)
