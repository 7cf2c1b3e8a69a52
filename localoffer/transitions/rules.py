import rules

from localoffer.core.predicates import has_role
from localoffer.core.roles import Role

# The practitioners who carry young people towards adulthood: the 0 to 25 team's social workers.
rules.add_perm("transitions.manage", has_role(Role.SOCIAL_WORKER))
# A young person decides who in the family may see their record (from 18).
rules.add_perm("transitions.choose_sharing", has_role(Role.YOUNG_PERSON))
