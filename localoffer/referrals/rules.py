import rules

from localoffer.core.predicates import has_role
from localoffer.core.roles import Role
from localoffer.referrals.access import QUEUE_ROLES

# Families, young people and professionals ask for help online and see what they have sent.
APPLICANT_ROLES = (Role.PARENT_CARER, Role.YOUNG_PERSON, Role.REFERRING_PROFESSIONAL)
rules.add_perm("referrals.apply", has_role(*APPLICANT_ROLES))
# Staff work their own team's queue (duty: every safety concern too). Which referral: see access.py.
rules.add_perm("referrals.see_queue", has_role(*QUEUE_ROLES))

# Partner organisations and their API keys are managed by system administrators through the admin site.
_sysadmin = has_role(Role.SYSTEM_ADMINISTRATOR)
for _model in ("partnerorganisation", "partnerkey"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"referrals.{_action}_{_model}", _sysadmin)
rules.add_perm("referrals", _sysadmin)
