from typing import Any

import rules

from localoffer.core.predicates import has_role
from localoffer.core.roles import CASEWORK_ROLES, FAMILY_ROLES, PURPOSE_REQUIRED_ROLES
from localoffer.people.access import child_access, may_edit_record


@rules.predicate
def may_view_child(user: Any, child: Any) -> bool:
    return child is not None and child_access(user, child).allowed


rules.add_perm("people.view_child", may_view_child)
# Who has a list of children at all (their family, or their team's caseload, or a search with purpose).
rules.add_perm("people.list_children", has_role(*FAMILY_ROLES, *CASEWORK_ROLES, *PURPOSE_REQUIRED_ROLES))
# Who may search for a child by name or date of birth: practitioners among their caseload, and the roles that
# may look up any child (opening a record found that way asks them why). See access.children_findable_by.
rules.add_perm("people.search_children", has_role(*CASEWORK_ROLES, *PURPOSE_REQUIRED_ROLES))
# Who may open any child's record, after saying why.
rules.add_perm("people.view_any_child_with_purpose", has_role(*PURPOSE_REQUIRED_ROLES))


@rules.predicate
def may_edit_child(user: Any, child: Any) -> bool:
    """Practitioners working with the child (and duty and managers, once they have said why they opened it)."""
    if child is None or getattr(user, "role", "") not in (CASEWORK_ROLES | PURPOSE_REQUIRED_ROLES):
        return False
    return may_edit_record(user, child_access(user, child))


rules.add_perm("people.edit_child", may_edit_child)
