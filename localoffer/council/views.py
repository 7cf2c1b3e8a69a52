from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from localoffer.teams.selectors import safeguarding_team


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "council/home.html", {"safeguarding": safeguarding_team()})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "council/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "council/privacy.html")
