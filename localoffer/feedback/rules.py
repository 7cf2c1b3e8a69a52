import rules

from localoffer.core.predicates import has_role
from localoffer.core.roles import Role

# Local Offer editors handle reports and comments: change a report's status, respond, publish.
rules.add_perm("feedback.manage", has_role(Role.LOCAL_OFFER_EDITOR))
# Managers may look at the queue and each item, to oversee it, but not change anything.
rules.add_perm("feedback.view", has_role(Role.LOCAL_OFFER_EDITOR, Role.MANAGER))
