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
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)

from localoffer.directory.models import SearchToken, SearchWord, Service, ServiceAttribute, TaxonomyTerm
from localoffer.directory.vocabulary import SPELLINGS, related_codes

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
# "related" is the words for the terms above and below a service's own (a service for all SEND is found by
# "autism"), below its own terms' words so that a service for autistic children ranks first.
WEIGHTS = {"name": 8, "terms": 4, "organisation": 3, "eligibility": 2, "description": 1, "related": 1}
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


def service_tokens(
    service: Service, term_names: Iterable[str], related_names: Iterable[str] = ()
) -> dict[str, int]:
    """The stems of a service's text with the highest weight each appears with. `term_names` are its terms'
    names and the words families use for them; `related_names` those of the terms above and below them."""
    fields = {
        "name": service.name,
        "terms": " ".join(term_names),
        "organisation": service.organization.name,
        "eligibility": service.eligibility,
        "description": f"{service.description} {service.next_step}",
        "related": " ".join(related_names),
    }
    weights: dict[str, int] = {}
    for field, text in fields.items():
        for token in stems(text):
            weights[token] = max(weights.get(token, 0), WEIGHTS[field])
    return weights


def term_words(
    terms: Iterable[TaxonomyTerm], every_term: Iterable[TaxonomyTerm]
) -> tuple[list[str], list[str]]:
    """The words for a service's terms (their names and synonyms) and for the terms related to them (above
    and below in the same taxonomy: "All of Medway" and each of its towns, "SEND" and each need)."""
    known = list(every_term)
    by_id = {term.id: term for term in known}
    by_code = {(term.taxonomy_id, term.code): term for term in known}
    parents: dict[Any, dict[str, str]] = {}
    for term in known:
        if term.parent_id in by_id:
            parents.setdefault(term.taxonomy_id, {})[term.code] = by_id[term.parent_id].code
    own: list[str] = []
    related: list[str] = []
    for term in terms:
        own += [term.name, *term.synonyms]
        for code in sorted(related_codes(term.code, parents.get(term.taxonomy_id, {})) - {term.code}):
            other = by_code.get((term.taxonomy_id, code))
            if other is not None:
                related += [other.name, *other.synonyms]
    return own, related


def service_reindex(service: Service) -> None:
    every_term = list(TaxonomyTerm.objects.all())
    own, related = term_words(service.terms.all(), every_term)
    tokens = service_tokens(service, own, related)
    SearchToken.objects.filter(service=service).delete()
    SearchToken.objects.bulk_create(
        SearchToken(service=service, token=token, weight=weight) for token, weight in tokens.items()
    )
    SearchWord.objects.bulk_create((SearchWord(token=token) for token in tokens), ignore_conflicts=True)
    near_words_forget()


def search_words_refresh() -> int:
    """Make sure every indexed stem is in the word list (after a bulk load that wrote tokens directly)."""
    known = set(SearchWord.objects.values_list("token", flat=True))
    new = set(SearchToken.objects.values_list("token", flat=True).distinct()) - known
    SearchWord.objects.bulk_create(
        (SearchWord(token=token) for token in new), batch_size=2000, ignore_conflicts=True
    )
    near_words_forget()
    return len(new)


@lru_cache(maxsize=4096)
def one_slip_away(word: str) -> frozenset[str]:
    letters = string.ascii_lowercase + string.digits
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changes = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return frozenset((deletes | swaps | changes | inserts) - {word})


# The indexed stems one slip from a stem, remembered for a short while: the look-up sends hundreds of
# candidates to the database, and the word list only grows when a listing is saved (which clears this
# process's memory at once; other processes catch up within NEAR_SECONDS).
NEAR_SECONDS = 60.0
_near_lock = threading.Lock()
_near: dict[str, tuple[float, frozenset[str]]] = {}


def near_words_forget() -> None:
    with _near_lock:
        _near.clear()


def _known_near(exacts: Iterable[str]) -> dict[str, frozenset[str]]:
    now = time.monotonic()
    found: dict[str, frozenset[str]] = {}
    with _near_lock:
        for exact in exacts:
            remembered = _near.get(exact)
            if remembered and remembered[0] > now:
                found[exact] = remembered[1]
    missing = [exact for exact in exacts if exact not in found]
    if missing:
        wanted = set().union(*(one_slip_away(exact) for exact in missing))
        known = set(SearchWord.objects.filter(token__in=wanted).values_list("token", flat=True))
        with _near_lock:
            if len(_near) > 20_000:
                _near.clear()
            for exact in missing:
                found[exact] = frozenset(one_slip_away(exact) & known)
                _near[exact] = (now + NEAR_SECONDS, found[exact])
    return found


@dataclass(frozen=True)
class QueryWord:
    word: str
    exact: str
    near: frozenset[str]  # indexed stems one slip from the word (or its stem)
    meant: str = ""  # the word meant, where the typed one is a known slip ("hollyday": "holiday")

    @property
    def all(self) -> set[str]:
        return {self.exact, *self.near}


def parse_query(text: str) -> list[QueryWord]:
    """The query's words, each with the indexed stems it may match (one small look-up, often none)."""
    typed = list(dict.fromkeys(w[:40] for w in words(text)))[:8]
    # A known slip is searched for as the word meant ("overnite": "overnight"), see vocabulary.SPELLINGS.
    query = [(word, stem(SPELLINGS.get(word, word))) for word in typed]
    # The slips of the stem: "holliday" and "hollidays" both stem to "holliday", one slip from "holiday".
    near = _known_near([exact for word, exact in query if len(word) in SLIP_LENGTHS])
    return [
        QueryWord(word, exact, near.get(exact, frozenset()) - {exact}, SPELLINGS.get(word, ""))
        for word, exact in query
    ]


def keyword_match(services: QuerySet[Service], query: list[QueryWord]) -> QuerySet[Service]:
    """Services matching every query word, unordered (for counting)."""
    if not query:
        return services
    tokens = sorted(set().union(*(q.all for q in query)))
    matched: QuerySet[Any, Any] = SearchToken.objects.filter(token__in=tokens)
    if len(query) > 1:
        which_word = Case(
            *[When(token__in=sorted(q.all), then=Value(i)) for i, q in enumerate(query)],
            output_field=IntegerField(),
        )
        matched = (
            matched.values("service_id")
            .annotate(words_matched=Count(which_word, distinct=True))
            .filter(words_matched=len(query))
        )
    return services.filter(id__in=matched.values("service_id"))


def keyword_search(services: QuerySet[Service], query: list[QueryWord]) -> QuerySet[Service]:
    """Services matching every query word, best first (annotated with `score`).

    The matching is done on the token index alone (every query word must be found for a service), and only
    the services it finds are then checked against the other filters and scored, by their keys."""
    if not query:
        return services
    tokens = sorted(set().union(*(q.all for q in query)))
    exact = sorted({q.exact for q in query})
    weight = Case(
        When(token__in=exact, then=F("weight") * 2), default=F("weight"), output_field=IntegerField()
    )
    score = (
        SearchToken.objects.filter(service_id=OuterRef("pk"), token__in=tokens)
        .values("service_id")
        .annotate(score=Sum(weight))
        .values("score")
    )
    return (
        keyword_match(services, query)
        .annotate(score=Subquery(score, output_field=IntegerField()))
        .order_by("-score", "name", "id")
    )


MAX_OFFSET = 2**31 - 1


def counted_slice[T: Model](queryset: QuerySet[T], start: int, size: int) -> tuple[list[T], int]:
    """Rows `start` to `start + size` of an ordered queryset and how many rows it has in all, in one query
    (a window count) rather than a count and then the rows."""
    if start + size > MAX_OFFSET:  # far past the end of any directory, and past what databases can skip
        return [], queryset.count()
    rows = list(queryset.annotate(found_in_all=Window(Count("*")))[start : start + size])
    if rows:
        return rows, int(rows[0].found_in_all)  # type: ignore[attr-defined]
    return [], queryset.count() if start else 0


def why_matched(service: Service, query: list[QueryWord]) -> list[str]:
    """Plain words for where each query word was found, for the results page."""
    terms = list(service.terms.all())
    places = {
        "its name": service.name,
        "what it offers": f"{service.description} {service.next_step}",
        "who it is for": service.eligibility,
        "who runs it": service.organization.name,
        "its categories": " ".join(" ".join([term.name, *term.synonyms]) for term in terms),
    }
    place_stems = {place: set(stems(text)) for place, text in places.items()}
    every_term = list(all_terms().values())
    related = {term: set(stems(" ".join(term_words([term], every_term)[1]))) for term in terms}
    reasons = []
    for q in query:
        exact = [place for place, tokens in place_stems.items() if q.exact in tokens]
        near = [place for place, tokens in place_stems.items() if q.near & tokens]
        covering = [term for term, tokens in related.items() if q.all & tokens]
        if exact and not q.meant:
            reasons.append(f"“{q.word}” is in {' and '.join(exact[:2])}")
        elif exact or near:
            like = f"“{q.meant}” (for “{q.word}”)" if q.meant else f"a word like “{q.word}”"
            reasons.append(f"{like} is in {' and '.join((exact or near)[:2])}")
        elif covering:
            term = covering[0]
            reasons.append(f"“{q.word}” is covered by its {term.taxonomy.name.lower()}: {term.name}")
    return reasons


def filter_age(services: QuerySet[Service], age: int) -> QuerySet[Service]:
    return services.filter(age_from__lte=age, age_to__gte=age)


# Every taxonomy term (a few dozen), remembered for a short while by each process like the typing-slip
# candidates; saving a term or taxonomy forgets them (directory.selectors connects that).
TERMS_SECONDS = 60.0
_terms: list[tuple[float, dict[Any, TaxonomyTerm]]] = []


def all_terms() -> dict[Any, TaxonomyTerm]:
    """Every taxonomy term by its key, each with its taxonomy."""
    now = time.monotonic()
    if _terms and _terms[0][0] > now:
        return _terms[0][1]
    terms = {term.id: term for term in TaxonomyTerm.objects.select_related("taxonomy")}
    _terms[:] = [(now + TERMS_SECONDS, terms)]
    return terms


def terms_forget() -> None:
    _terms.clear()


def codes_with_related(taxonomy_slug: str, codes: Iterable[str]) -> set[str]:
    """The codes and the codes above and below them in the taxonomy: the Needs filter's "Autism" finds the
    services for all SEND too, and an area finds the services offered across the council's whole area."""
    terms = [t for t in all_terms().values() if t.taxonomy.slug == taxonomy_slug]
    by_id = {t.id: t for t in terms}
    parents = {t.code: by_id[t.parent_id].code for t in terms if t.parent_id in by_id}
    found: set[str] = set()
    for code in codes:
        found |= related_codes(code, parents)
    return found


def service_ids_with_terms(
    taxonomy_slug: str, codes: Iterable[str], *, related: bool = False
) -> QuerySet[Any, Any]:
    """The keys of services with any of these terms (for `id__in`); with `related`, or any term above or
    below them. The terms' own keys are found first (remembered), so that the database plans the rest
    knowing how common each term is."""
    wanted = codes_with_related(taxonomy_slug, codes) if related else set(codes)
    term_ids = [t.id for t in all_terms().values() if t.taxonomy.slug == taxonomy_slug and t.code in wanted]
    return ServiceAttribute.objects.filter(term_id__in=term_ids).values("service_id")
