from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from localoffer.teams.selectors import team_contacts


def contact_us(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    contacts = team_contacts(now=now)
    return render(
        request,
        "teams/contact_us.html",
        {
            "now": now,
            "safeguarding": [c for c in contacts if c.team.takes_safeguarding_concerns],
            "with_phone": [c for c in contacts if c.team.phone and not c.team.takes_safeguarding_concerns],
            "without_phone": [c for c in contacts if not c.team.phone],
        },
    )
