"""Keyword search over the Local Offer, the same on SQLite and PostgreSQL.

Each service's text is broken into word stems (Snowball, English) stored with a weight for where they
appear (the name counts most). A query word matches its own stem and, for words of four letters or
more, any indexed stem one typing slip away (a letter missing, extra, changed or swapped), found with one
indexed look-up. A service must match every query word; services are ranked by the weights matched,
exact stems counting double.
"""

from __future__ import annotations

import re
import string
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When

from localoffer.directory.models import SearchToken, SearchWord, Service

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "you",
        "your",
    ]
)
WEIGHTS = {"name": 8, "terms": 4, "organisation": 3, "eligibility": 2, "description": 1}
_local = threading.local()
# Typing slips are looked for only in words of this many letters; longer ones must be spelt right.
SLIP_LENGTHS = range(4, 21)


def _stemmer() -> Any:
    """Snowball stemmers keep state between calls, so each thread has its own."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word[:40]))[:40]


def words(text: str) -> list[str]:
    return [w.replace("'", "") for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def service_tokens(service: Service, term_names: Iterable[str]) -> dict[str, int]:
    """The stems of a service's text with the highest weight each appears with."""
    fields = {
        "name": service.name,
        "terms": " ".join(term_names),
        "organisation": service.organization.name,
        "eligibility": service.eligibility,
        "description": f"{service.description} {service.next_step}",
    }
    weights: dict[str, int] = {}
    for field, text in fields.items():
        for token in stems(text):
            weights[token] = max(weights.get(token, 0), WEIGHTS[field])
    return weights


def service_reindex(service: Service) -> None:
    term_names = service.terms.values_list("name", flat=True)
    tokens = service_tokens(service, term_names)
    SearchToken.objects.filter(service=service).delete()
    SearchToken.objects.bulk_create(
        SearchToken(service=service, token=token, weight=weight) for token, weight in tokens.items()
    )
    SearchWord.objects.bulk_create((SearchWord(token=token) for token in tokens), ignore_conflicts=True)


def search_words_refresh() -> int:
    """Make sure every indexed stem is in the word list (after a bulk load that wrote tokens directly)."""
    known = set(SearchWord.objects.values_list("token", flat=True))
    new = set(SearchToken.objects.values_list("token", flat=True).distinct()) - known
    SearchWord.objects.bulk_create(
        (SearchWord(token=token) for token in new), batch_size=2000, ignore_conflicts=True
    )
    return len(new)


def one_slip_away(word: str) -> set[str]:
    letters = string.ascii_lowercase + string.digits
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changes = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return (deletes | swaps | changes | inserts) - {word}


@dataclass(frozen=True)
class QueryWord:
    word: str
    exact: str
    near: frozenset[str]  # indexed stems one slip from the word (or its stem)

    @property
    def all(self) -> set[str]:
        return {self.exact, *self.near}


def parse_query(text: str) -> list[QueryWord]:
    """The query's words, each with the indexed stems it may match. Two small look-ups in all."""
    query = []
    candidates: dict[str, set[str]] = {}
    for word in list(dict.fromkeys(w[:40] for w in words(text)))[:8]:
        exact = stem(word)
        # The slips of the stem: "holliday" and "hollidays" both stem to "holliday", one slip from "holiday".
        candidates[word] = one_slip_away(exact) if len(word) in SLIP_LENGTHS else set()
        query.append(QueryWord(word, exact, frozenset()))
    wanted = set().union(*candidates.values()) if candidates else set()
    known = (
        set(SearchWord.objects.filter(token__in=wanted).values_list("token", flat=True)) if wanted else set()
    )
    return [QueryWord(q.word, q.exact, frozenset((candidates[q.word] & known) - {q.exact})) for q in query]


def keyword_search(services: QuerySet[Service], query: list[QueryWord]) -> QuerySet[Service]:
    """Services matching every query word, best first (annotated with `score`)."""
    if not query:
        return services
    tokens = set().union(*(q.all for q in query))
    exact = {q.exact for q in query}
    which_word = Case(
        *[When(search_tokens__token__in=sorted(q.all), then=Value(i)) for i, q in enumerate(query)],
        output_field=IntegerField(),
    )
    weight = Case(
        When(search_tokens__token__in=sorted(exact), then=F("search_tokens__weight") * 2),
        default=F("search_tokens__weight"),
        output_field=IntegerField(),
    )
    return (
        services.filter(search_tokens__token__in=sorted(tokens))
        .annotate(words_matched=Count(which_word, distinct=True), score=Sum(weight))
        .filter(words_matched=len(query))
        .order_by("-score", "name")
    )


def why_matched(service: Service, query: list[QueryWord]) -> list[str]:
    """Plain words for where each query word was found, for the results page."""
    places = {
        "its name": service.name,
        "what it offers": f"{service.description} {service.next_step}",
        "who it is for": service.eligibility,
        "who runs it": service.organization.name,
        "its categories": " ".join(term.name for term in service.terms.all()),
    }
    place_stems = {place: set(stems(text)) for place, text in places.items()}
    reasons = []
    for q in query:
        exact = [place for place, tokens in place_stems.items() if q.exact in tokens]
        near = [place for place, tokens in place_stems.items() if q.near & tokens]
        if exact:
            reasons.append(f"“{q.word}” is in {' and '.join(exact[:2])}")
        elif near:
            reasons.append(f"a word like “{q.word}” is in {' and '.join(near[:2])}")
    return reasons


def filter_age(services: QuerySet[Service], age: int) -> QuerySet[Service]:
    return services.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=age)).filter(
        Q(maximum_age__isnull=True) | Q(maximum_age__gte=age)
    )
