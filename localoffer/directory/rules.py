from typing import Any

import rules

from localoffer.core.predicates import has_role
from localoffer.core.roles import Role

is_editor = has_role(Role.LOCAL_OFFER_EDITOR)
is_provider_staff = has_role(Role.PROVIDER_STAFF)


@rules.predicate
def works_for_provider_of(user: Any, service: Any) -> bool:
    return (
        service is not None and user.provider_id is not None and user.provider_id == service.organization_id
    )


# Editors keep every listing true; provider staff propose changes to their own organisation's listings.
rules.add_perm("directory.manage_listings", is_editor)
rules.add_perm("directory.see_own_listings", is_editor | is_provider_staff)
rules.add_perm("directory.edit_listing", is_editor | (is_provider_staff & works_for_provider_of))
