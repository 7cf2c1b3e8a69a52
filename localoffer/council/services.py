"""Loading Medway's reference data into the domain apps: the council's own data, through their services.

Another council would keep its own data modules beside these and load them the same way.
"""

from __future__ import annotations

from localoffer.council.medway import offer, places, policy, teams
from localoffer.council.medway import packages as medway_packages
from localoffer.directory.services import offer_load
from localoffer.grants.models import PolicyVersion
from localoffer.grants.services import policy_load
from localoffer.packages.services import packages_reference_load
from localoffer.places.services import priorities_load, settings_load
from localoffer.teams.services import teams_load


def medway_teams_load() -> int:
    """Medway's teams, hubs, helplines and bank holidays. Returns how many teams."""
    return teams_load(teams=teams.TEAMS, closure_days=teams.BANK_HOLIDAYS)


def medway_offer_load() -> int:
    """Medway's Local Offer, from the sources. Returns how many services."""
    return offer_load(offer=offer)


def medway_policy_load() -> PolicyVersion:
    """Medway's short breaks grant policy today, the strategy's £250 proposal as a draft, and the budgets."""
    return policy_load(source=policy)


def medway_places_load() -> int:
    """Medway's commissioned settings and their units, and the priority for allocating places by need."""
    priorities_load(versions=places.PRIORITIES)
    return settings_load(settings_data=places.SETTINGS)


def medway_packages_load() -> int:
    """Medway's rate card (Figure 6) and its rules for packages and direct payments. Returns how many rates."""
    return packages_reference_load(source=medway_packages)
