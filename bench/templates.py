"""Benchmark: the Local Offer's search results page rendered by Django's templates and by Jinja2 with the
GOV.UK Frontend Jinja macros (`govuk-frontend-jinja`), from the same search (issue 11, decision 24).

Jinja2 is not one of the project's dependencies: install it and the macros beside the project, not into it,
and name the folder (without --jinja-path only Django's templates are measured):

    .venv/bin/pip install --target /tmp/jinja-bench jinja2 govuk-frontend-jinja
    .venv/bin/python bench/templates.py --jinja-path /tmp/jinja-bench [--renders 200] [--query club]
    .venv/bin/python bench/templates.py [--renders 200]

It runs on the database DATABASE_URL names (SQLite by default): with no services there, it makes a
synthetic directory of --services in a temporary SQLite file first. One search (the words, an age, the
targeted level, as bench/directory.py asks) gives the page's context once; then each way renders the whole
page --renders times, interleaved, and prints the median and p95 per render:

- Django: `directory/search.html` as the view renders it (the cached loader, the context processors);
- Jinja2 with the GOV.UK macros: the same page, the filter panel and the result rows through the macros
  (govukInput, govukSelect, govukCheckboxes, govukButton, govukTag, govukSummaryList), the council's
  header and footer written out as in base.html; the time counts building the macros' parameters from the
  form and the results;
- Jinja2 plain: the same markup as the Django templates write, with no macros (the engine alone).

Each page's text is checked to hold the same results and choices (names and counts). For scale, three whole
requests through Django's test client are timed with them, interleaved: the trivial view (/health/live/), the
home page (/) and the search page itself (the same address). Issue 11 asks the search page to cost at most
5 times the trivial view, "as cheap as the home page": rendering the page alone, with its queries already
made, is set against those. No test asserts a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Django templates against Jinja2 on the search page.")
    parser.add_argument(
        "--jinja-path",
        help="folder holding jinja2 and govuk_frontend_jinja (without it: Django's templates only)",
    )
    parser.add_argument("--renders", type=int, default=200, help="renders per way (default 200)")
    parser.add_argument("--query", default="club", help="the words searched for (default club)")
    parser.add_argument("--age", type=int, default=9)
    parser.add_argument("--services", type=int, default=2000, help="synthetic services if there are none")
    return parser.parse_args(argv)


BASE = """<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
  <meta charset="utf-8">
  <title>{% block title %}{% endblock %} \u2013 {{ service_name }} \u2013 {{ council_name }}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
  <meta name="theme-color" content="#0b3f5c">
  <link rel="icon" href="{{ static('images/favicon.svg') }}" type="image/svg+xml">
  <link rel="stylesheet" href="{{ static('localoffer.css') }}">
</head>
<body class="govuk-template__body">
  <script nonce="{{ csp_nonce }}">document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');</script>
  <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
  <header class="govuk-header lo-header" data-module="govuk-header">
    <div class="govuk-header__container govuk-width-container">
      <div class="govuk-header__logo">
        <a href="{{ url('council:home') }}" class="govuk-header__link govuk-header__link--homepage">
          <span class="lo-header__council-name">{{ council_name }}</span>
        </a>
      </div>
    </div>
  </header>
  <section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
    <div class="govuk-width-container">
      <div class="govuk-service-navigation__container">
        <span class="govuk-service-navigation__service-name">
          <a href="{{ url('council:home') }}" class="govuk-service-navigation__link">{{ service_name }}</a>
        </span>
        <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
          <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" aria-controls="navigation" hidden>Menu</button>
          <ul class="govuk-service-navigation__list" id="navigation">
            <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url('directory:search') }}">Find support</a></li>
            <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url('referrals:index') }}">Ask for help</a></li>
            <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url('teams:contact-us') }}">Contact us</a></li>
            <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{ url('accounts:sign-in') }}">Sign in</a></li>
          </ul>
        </nav>
      </div>
    </div>
  </section>
  <div class="govuk-width-container">
    <main class="govuk-main-wrapper" id="main-content">
      {% block content %}{% endblock %}
    </main>
  </div>
  <footer class="govuk-footer lo-footer">
    <div class="govuk-width-container">
      <div class="govuk-footer__meta">
        <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
          <h2 class="govuk-visually-hidden">Support links</h2>
          <ul class="govuk-footer__inline-list">
            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="{{ url('teams:contact-us') }}">Contact us</a></li>
            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="{{ url('council:accessibility') }}">Accessibility statement</a></li>
            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="{{ url('council:privacy') }}">Privacy notice</a></li>
            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="{{ url('feedback:comment') }}">Comment on the Local Offer</a></li>
            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="{{ url('feedback:you-said-we-did') }}">You said, we did</a></li>
          </ul>
          <p class="govuk-body-s">In an emergency, if a child is in danger, call 999.</p>
        </div>
        <div class="govuk-footer__meta-item">© {{ council_name }}</div>
      </div>
    </div>
  </footer>
  <script type="module" src="{{ static('localoffer.mjs') }}"></script>
</body>
</html>
"""

# The search page through the GOV.UK macros.
MACROS_PAGE = """{% extends "base.html" %}
{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}
{% from "govuk_frontend_jinja/components/checkboxes/macro.html" import govukCheckboxes %}
{% from "govuk_frontend_jinja/components/input/macro.html" import govukInput %}
{% from "govuk_frontend_jinja/components/select/macro.html" import govukSelect %}
{% from "govuk_frontend_jinja/components/summary-list/macro.html" import govukSummaryList %}
{% from "govuk_frontend_jinja/components/tag/macro.html" import govukTag %}
{% block title %}{% if q %}{{ q }}: {% endif %}Find support in the Local Offer{% endblock %}
{% block content %}
<h1 class="govuk-heading-xl">Find support in the Local Offer</h1>
<p class="govuk-body">Not sure what to look for? <a class="govuk-link" href="{{ url('directory:guide') }}">Answer 3 questions to find the right support</a>.</p>
<form method="get" action="{{ url('directory:search') }}" novalidate>
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds lo-search-box">
    {{ govukInput({"id": "id_q", "name": "q", "value": q, "label": {"text": "Search the Local Offer"}, "hint": {"text": "For example, holiday club, overnight, autism"}}) }}
    {{ govukButton({"text": "Search"}) }}
  </div>
</div>
<div class="govuk-grid-row">
  <div class="govuk-grid-column-one-third">
    <details class="govuk-details lo-filter-panel">
      <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Filter results{% if chosen %} ({{ chosen }} chosen){% endif %}</span></summary>
      <div class="govuk-details__text lo-filter-panel__body">
        <h2 class="govuk-heading-m lo-filter-panel__heading">Filter</h2>
        {{ govukInput({"id": "id_age", "name": "age", "value": age, "classes": "govuk-input--width-3", "inputmode": "numeric", "label": {"text": "Age of the child or young person"}, "hint": {"text": "In years, from 0 to 25"}}) }}
        {{ govukInput({"id": "id_postcode", "name": "postcode", "value": postcode, "classes": "govuk-input--width-10", "autocomplete": "postal-code", "spellcheck": false, "label": {"text": "Near a Medway postcode"}, "hint": {"text": "For example, ME4 4TR"}}) }}
        {{ govukSelect({"id": "id_distance", "name": "distance", "label": {"text": "Within"}, "items": distance}) }}
        {% for filter in filters %}
        {{ govukCheckboxes({"idPrefix": "id_" ~ filter.name, "name": filter.name, "classes": "govuk-checkboxes--small", "fieldset": {"legend": {"text": filter.label, "classes": "govuk-fieldset__legend--s"}}, "items": filter["items"]}) }}
        {% endfor %}
        {{ govukButton({"text": "Apply filters", "classes": "govuk-button--secondary"}) }}
      </div>
    </details>
  </div>
  <div class="govuk-grid-column-two-thirds">
    <h2 class="govuk-heading-m" id="results-heading">{{ found_text }}</h2>
    <ul class="govuk-list lo-results" aria-labelledby="results-heading">
      {% for result in results %}
      <li class="lo-result">
        <h3 class="govuk-heading-s"><a class="govuk-link" href="{{ result.href }}">{{ result.name }}</a></h3>
        <p class="govuk-body-s">{{ result.organisation }} · {{ govukTag({"text": result.level, "classes": "govuk-tag--" ~ result.level_colour}) }}{% for tag in result.tags %} {{ govukTag(tag) }}{% endfor %}</p>
        <p class="govuk-body">{{ result.description }}</p>
        {{ govukSummaryList({"classes": "govuk-summary-list--no-border", "rows": result.rows}) }}
      </li>
      {% endfor %}
    </ul>
    {% if page_text %}<nav class="govuk-pagination" aria-label="Pages of results"><p class="govuk-body">{{ page_text }}</p>{% if next_href %}<div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" href="{{ next_href }}" rel="next"><span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span></span></a></div>{% endif %}</nav>{% endif %}
  </div>
</div>
</form>
{% endblock %}
"""

# The same page written out, as the Django templates write it, with no macros.
PLAIN_PAGE = """{% extends "base.html" %}
{% block title %}{% if q %}{{ q }}: {% endif %}Find support in the Local Offer{% endblock %}
{% macro text_input(id, name, label, hint, value, width="") %}<div class="govuk-form-group">
  <label class="govuk-label" for="{{ id }}">{{ label }}</label>
  <div id="{{ id }}-hint" class="govuk-hint">{{ hint }}</div>
  <input class="govuk-input{% if width %} govuk-input--width-{{ width }}{% endif %}" id="{{ id }}" name="{{ name }}" type="text" value="{{ value }}" aria-describedby="{{ id }}-hint">
</div>{% endmacro %}
{% block content %}
<h1 class="govuk-heading-xl">Find support in the Local Offer</h1>
<p class="govuk-body">Not sure what to look for? <a class="govuk-link" href="{{ url('directory:guide') }}">Answer 3 questions to find the right support</a>.</p>
<form method="get" action="{{ url('directory:search') }}" novalidate>
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds lo-search-box">
    {{ text_input("id_q", "q", "Search the Local Offer", "For example, holiday club, overnight, autism", q) }}
    <button type="submit" class="govuk-button" data-module="govuk-button">Search</button>
  </div>
</div>
<div class="govuk-grid-row">
  <div class="govuk-grid-column-one-third">
    <details class="govuk-details lo-filter-panel">
      <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Filter results{% if chosen %} ({{ chosen }} chosen){% endif %}</span></summary>
      <div class="govuk-details__text lo-filter-panel__body">
        <h2 class="govuk-heading-m lo-filter-panel__heading">Filter</h2>
        {{ text_input("id_age", "age", "Age of the child or young person", "In years, from 0 to 25", age, 3) }}
        {{ text_input("id_postcode", "postcode", "Near a Medway postcode", "For example, ME4 4TR", postcode, 10) }}
        <div class="govuk-form-group"><label class="govuk-label" for="id_distance">Within</label>
        <select class="govuk-select" id="id_distance" name="distance">{% for option in distance %}<option value="{{ option.value }}"{% if option.selected %} selected{% endif %}>{{ option.text }}</option>{% endfor %}</select></div>
        {% for filter in filters %}
        <div class="govuk-form-group"><fieldset class="govuk-fieldset"><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{{ filter.label }}</legend>
        <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
        {% for item in filter["items"] %}<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="{{ item.id }}" name="{{ filter.name }}" type="checkbox" value="{{ item.value }}"{% if item.checked %} checked{% endif %}><label class="govuk-label govuk-checkboxes__label" for="{{ item.id }}">{{ item.text }}</label></div>
        {% endfor %}</div></fieldset></div>
        {% endfor %}
        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Apply filters</button>
      </div>
    </details>
  </div>
  <div class="govuk-grid-column-two-thirds">
    <h2 class="govuk-heading-m" id="results-heading">{{ found_text }}</h2>
    <ul class="govuk-list lo-results" aria-labelledby="results-heading">
      {% for result in results %}
      <li class="lo-result">
        <h3 class="govuk-heading-s"><a class="govuk-link" href="{{ result.href }}">{{ result.name }}</a></h3>
        <p class="govuk-body-s">{{ result.organisation }} · <strong class="govuk-tag govuk-tag--{{ result.level_colour }}">{{ result.level }}</strong>{% for tag in result.tags %} <strong class="govuk-tag {{ tag.classes }}">{{ tag.text }}</strong>{% endfor %}</p>
        <p class="govuk-body">{{ result.description }}</p>
        <dl class="govuk-summary-list govuk-summary-list--no-border">
          {% for row in result.rows %}<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{{ row.key.text }}</dt><dd class="govuk-summary-list__value">{{ row.value.text }}</dd></div>{% endfor %}
        </dl>
      </li>
      {% endfor %}
    </ul>
    {% if page_text %}<nav class="govuk-pagination" aria-label="Pages of results"><p class="govuk-body">{{ page_text }}</p>{% if next_href %}<div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" href="{{ next_href }}" rel="next"><span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span></span></a></div>{% endif %}</nav>{% endif %}
  </div>
</div>
</form>
{% endblock %}
"""


def jinja_context(form: Any, found: Any, query: str, chosen: int) -> dict[str, Any]:
    """The macros' parameters, from the same form and results the Django page renders."""
    from django.urls import reverse
    from django.utils.text import Truncator

    from localoffer.core.templatetags.govuk import choice_options

    colours = {"universal": "green", "targeted": "yellow"}
    results = []
    for result in found.results:
        service = result.service
        tags = []
        if service.status == "temporarily closed":
            tags.append({"text": "Temporarily closed", "classes": "govuk-tag--red"})
        if service.planned:
            tags.append({"text": "Planned, not running yet", "classes": "govuk-tag--grey"})
        eligibility = f". {service.eligibility}" if service.eligibility else ""
        rows = [
            {"key": {"text": "Who it is for"}, "value": {"text": f"Ages {service.age_text()}{eligibility}"}},
            {"key": {"text": "Next step"}, "value": {"text": service.next_step}},
        ]
        if result.reasons:
            rows.append({"key": {"text": "Why it is here"}, "value": {"text": "; ".join(result.reasons)}})
        results.append(
            {
                "href": reverse("directory:service", args=[service.slug]),
                "name": service.name,
                "organisation": service.organization.name,
                "level": service.get_level_display().split(":")[0].split()[0],
                "level_colour": colours.get(service.level, "purple"),
                "tags": tags,
                "description": Truncator(service.description).words(40),
                "rows": rows,
            }
        )
    filters = [
        {
            "name": field.html_name,
            "label": field.label,
            "items": [
                {"id": o.id, "value": o.value, "text": o.label, "checked": o.selected}
                for o in choice_options(field)
            ],
        }
        for field in form.filter_fields()
    ]
    distance = form["distance"].value()
    page = found.page
    return {
        "q": form["q"].value() or "",
        "age": form["age"].value() or "",
        "postcode": form["postcode"].value() or "",
        "distance": [
            {"value": value, "text": text, "selected": str(value) == str(distance)}
            for value, text in form.fields["distance"].choices
        ],
        "filters": filters,
        "chosen": chosen,
        "found_text": found.found_text,
        "results": results,
        "page_text": f"Page {page.number} of {page.paginator.num_pages}" if page.has_other_pages() else "",
        "next_href": f"?{query}&page={page.next_page_number()}" if page.has_next() else "",
    }


def _once(render: Callable[[], object]) -> float:
    started = time.perf_counter()
    render()
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.jinja_path:
        sys.path.insert(0, str(Path(args.jinja_path).resolve()))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localoffer.settings")
    os.environ.setdefault("LOCALOFFER_ENVIRONMENT", "local")
    os.environ["DEBUG"] = "false"
    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.TemporaryDirectory(prefix="localoffer-bench-templates-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command
    from django.http import QueryDict
    from django.template.loader import render_to_string
    from django.templatetags.static import static
    from django.test import Client, RequestFactory
    from django.urls import reverse

    from localoffer.core.context_processors import council
    from localoffer.directory.forms import DirectorySearchForm
    from localoffer.directory.models import Service
    from localoffer.directory.selectors import directory_search, filter_counts

    if tmp is not None:
        print(
            f"templates: making {args.services:,} synthetic services in a temporary SQLite file", flush=True
        )
        call_command("migrate", verbosity=0)
        call_command("load_medway", verbosity=0)
        call_command("make_synthetic_directory", services=args.services, seed=1, verbosity=0)
    data = QueryDict(mutable=True)
    data.update({"q": args.query, "age": str(args.age), "level": "targeted"})
    request = RequestFactory().get("/local-offer/", data, HTTP_HOST="127.0.0.1")
    form = DirectorySearchForm(data)
    assert form.is_valid(), form.errors
    criteria = form.criteria()
    found = directory_search(criteria=criteria, page_number=1)
    form.show_counts(filter_counts(criteria=criteria, found=found))
    query = data.urlencode()
    chosen = form.chosen_count()
    context: dict[str, Any] = {"form": form, "found": found, "query": query, "chosen": chosen}

    ways: dict[str, Callable[[], str]] = {
        "Django templates (directory/search.html)": lambda: render_to_string(
            "directory/search.html", context, request=request
        ),
    }
    if args.jinja_path:
        ways |= _jinja_ways(args, request, form, found, query, chosen, council, reverse, static)
    client = Client()
    search_address = f"/local-offer/?{query}"
    requests = {
        "trivial view (/health/live/)": "/health/live/",
        "home page (/)": "/",
        f"search page ({search_address})": search_address,
    }
    for address in requests.values():
        if client.get(address).status_code != 200:
            print(f"{address} did not answer 200", file=sys.stderr)
            return 1
    pages = {name: render() for name, render in ways.items()}  # and the first render of each, unmeasured
    for name, page in pages.items():
        missing = [r.service.name for r in found.results if r.service.name.replace("'", "&#x27;") not in page]
        missing += [
            label
            for f in form.filter_fields()
            for _, label in getattr(f.field, "choices", ())
            if label not in page
        ]
        if missing:
            print(f"{name}: the page lacks {missing[:3]}", file=sys.stderr)
            return 1
    measured: dict[str, list[float]] = {name: [] for name in [*ways, *requests]}
    for _ in range(args.renders):  # interleaved, so that the machine's load falls on each alike
        for name, render in ways.items():
            measured[name].append(_once(render))
        for name, address in requests.items():
            measured[name].append(_once(partial(client.get, address)))
    total = found.found_text
    count = Service.objects.count()
    print(f"\nsearch page, q={args.query!r} age={args.age} level=targeted over {count:,} services: {total}, ")
    choices = sum(len(getattr(f.field, "choices", ())) for f in form.filter_fields())
    print(f"{len(found.results)} result rows, {choices} filter choices")
    print(f"{'way':44} {'median ms':>10} {'p95 ms':>8} {'page bytes':>11}")
    django_median = statistics.median(measured[next(iter(ways))])
    for name in ways:
        times = measured[name]
        median = statistics.median(times)
        p95 = sorted(times)[int(len(times) * 0.95) - 1]
        print(
            f"{name:44} {median:10.2f} {p95:8.2f} {len(pages[name].encode()):11,}  ({median / django_median:.2f}x Django's)"
        )
    trivial = statistics.median(measured["trivial view (/health/live/)"])
    print("\nwhole requests through the test client, for scale:")
    print(f"{'request':44} {'median ms':>10} {'p95 ms':>8} {'x trivial':>10}")
    for name in requests:
        times = measured[name]
        median = statistics.median(times)
        p95 = sorted(times)[int(len(times) * 0.95) - 1]
        print(f"{name[:44]:44} {median:10.2f} {p95:8.2f} {median / trivial:10.1f}")
    print(
        f"rendering the search page alone (Django): {django_median / trivial:.1f} x the trivial view's whole "
        f"request, {django_median / statistics.median(measured['home page (/)']):.2f} x the home page's"
    )
    print(f"\n{args.renders} renders each, interleaved; load average {os.getloadavg()[0]:.2f}")
    if tmp is not None:
        tmp.cleanup()
    return 0


def _jinja_ways(
    args: argparse.Namespace,
    request: Any,
    form: Any,
    found: Any,
    query: str,
    chosen: int,
    council: Any,
    reverse: Any,
    static: Any,
) -> dict[str, Callable[[], str]]:
    """The two Jinja2 ways, from the folder --jinja-path names."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.DictLoader({"base.html": BASE, "macros.html": MACROS_PAGE, "plain.html": PLAIN_PAGE}),
                jinja2.PrefixLoader({"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=True,
        auto_reload=False,
    )
    environment.globals |= {"url": lambda name, *a: reverse(name, args=a), "static": static}
    shared = {**council(request), "csp_nonce": "bench"}
    macros, plain = environment.get_template("macros.html"), environment.get_template("plain.html")
    return {
        "Jinja2 + govuk-frontend-jinja macros": lambda: macros.render(
            **shared, **jinja_context(form, found, query, chosen)
        ),
        "Jinja2, no macros (the same markup)": lambda: plain.render(
            **shared, **jinja_context(form, found, query, chosen)
        ),
    }


if __name__ == "__main__":
    sys.exit(main())
