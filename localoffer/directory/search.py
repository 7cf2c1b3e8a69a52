"""Keyword search over the Local Offer, on each database's own full-text engine.

PostgreSQL: the weighted tsvector the database keeps on each service (`Service.search_vector`, GIN), the
query made with `websearch_to_tsquery` and ranked by `ts_rank_cd`. SQLite: an FTS5 table with the Porter
stemmer, kept by triggers, ranked by `bm25` with the same column weights (directory/fulltext.py).

What a person types is read here once, the same way for both: words (each must be found), "quoted
phrases", `or` between words or phrases (either will do), and `-word` or `-"a phrase"` (must not be
found). A word of four letters or more that is not in the directory is also searched for as the
directory's words one typing slip from it (a letter missing, extra, changed or swapped), found through a
trigram index over the directory's distinct words (pg_trgm; FTS5's trigram tokenizer), and a known slip
(`vocabulary.SPELLINGS`) as the word meant.

The total is exact up to `COUNT_CAP` and "more than COUNT_CAP" past it: the matches are read from the
index up to one past the cap, and ranked among those (see docs/decisions/0018-full-text-search.md).
"""

from __future__ import annotations

import re
import string
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache, reduce
from typing import Any

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramDistance
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Model,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)

from localoffer.directory.fulltext import SEARCH_COLUMNS, WORD_TRIGRAMS
from localoffer.directory.models import IndexedWord, Service, ServiceAttribute, ServiceFullText, TaxonomyTerm
from localoffer.directory.vocabulary import SPELLINGS, related_codes

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
# PostgreSQL's English stop words (its english.stop, Snowball's list): left out of queries on both
# databases, so that SQLite, whose index keeps every word, finds what PostgreSQL finds.
STOP_WORDS = frozenset(
    [
        "i",
        "me",
        "my",
        "myself",
        "we",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "a",
        "an",
        "the",
        "and",
        "but",
        "if",
        "or",
        "because",
        "as",
        "until",
        "while",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "s",
        "t",
        "can",
        "will",
        "just",
        "don",
        "should",
        "now",
    ]
)
_local = threading.local()
# Typing slips are looked for only in words of this many letters; longer ones must be spelt right.
SLIP_LENGTHS = range(4, 21)
MAX_CLAUSES = 8  # words or phrases that must each be found; more would only narrow the search
MAX_ALTERNATIVES = 6
MAX_PHRASE_WORDS = 8
# How many matches are counted exactly and ranked: past it, "more than 1,000 services found".
COUNT_CAP = 1000
NEAR_CANDIDATES = 40  # the directory's words nearest a typed one, checked for one slip


def _stemmer() -> Any:
    """Snowball stemmers keep state between calls, so each thread has its own."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word[:40]))[:40]


def _raw_words(text: str) -> list[str]:
    return [w.replace("'", "")[:40] for w in _WORD.findall(text.lower())]


def words(text: str) -> list[str]:
    return [w for w in _raw_words(text) if w not in STOP_WORDS]


def stems(text: str) -> list[str]:
    """The word stems of a text (Snowball English, as PostgreSQL's english configuration stems): used to
    say why a listing matched."""
    return [stem(word) for word in words(text)]


def _term_graph(
    every_term: Iterable[TaxonomyTerm],
) -> tuple[dict[tuple[Any, str], TaxonomyTerm], dict[Any, dict[str, str]]]:
    """The terms by (taxonomy, code), and each taxonomy's parents (a code: the code above it)."""
    known = list(every_term)
    by_id = {term.id: term for term in known}
    by_code = {(term.taxonomy_id, term.code): term for term in known}
    parents: dict[Any, dict[str, str]] = {}
    for term in known:
        if term.parent_id in by_id:
            parents.setdefault(term.taxonomy_id, {})[term.code] = by_id[term.parent_id].code
    return by_code, parents


def _relatives(
    term: TaxonomyTerm, by_code: dict[tuple[Any, str], TaxonomyTerm], parents: dict[Any, dict[str, str]]
) -> list[TaxonomyTerm]:
    """The terms above and below this one in its taxonomy ("SEND" and each need; "All of Medway" and each
    of its towns), in the order of their codes."""
    codes = sorted(related_codes(term.code, parents.get(term.taxonomy_id, {})) - {term.code})
    return [by_code[(term.taxonomy_id, code)] for code in codes if (term.taxonomy_id, code) in by_code]


# A service is found by the words of the terms above and below its own through its terms' markers: each
# term with terms above or below it has one, an otherwise meaningless word kept in the service's
# `search_related`, and a query word of a term's is also searched for as the markers of the terms above
# and below that term (`_related_markers`). So "autistic" finds the services for all SEND (which carry
# the SEND marker) without every one of them carrying every need's words.
TERM_MARKER = "zqterm"


def term_marker(term_id: Any) -> str:
    return TERM_MARKER + uuid.UUID(str(term_id)).hex[:20]


def term_words(
    terms: Iterable[TaxonomyTerm], every_term: Iterable[TaxonomyTerm]
) -> tuple[list[str], list[str]]:
    """The words for a service's terms (their names and synonyms), and the markers of those of its terms
    that have terms above or below them in the same taxonomy ("All of Medway" and each of its towns, "SEND"
    and each need), through which the words of those terms find it."""
    by_code, parents = _term_graph(every_term)
    own: list[str] = []
    markers: list[str] = []
    for term in terms:
        own += [term.name, *term.synonyms]
        if _relatives(term, by_code, parents):
            markers.append(term_marker(term.id))
    return own, markers


def related_words(terms: Iterable[TaxonomyTerm], every_term: Iterable[TaxonomyTerm]) -> list[str]:
    """The words of the terms above and below a service's terms (their names and synonyms): what the
    service is found by through its markers, and what `search_related` held before them (migration
    0008 puts them back when undone)."""
    by_code, parents = _term_graph(every_term)
    related: list[str] = []
    for term in terms:
        for other in _relatives(term, by_code, parents):
            related += [other.name, *other.synonyms]
    return related


def _plain(texts: Iterable[str]) -> str:
    """Words as the index should read them: apostrophes dropped ("Asperger's": "Aspergers"), one space."""
    return " ".join(" ".join(_raw_words(text)) for text in texts)


def search_texts(organisation: str, own: Iterable[str], related: Iterable[str]) -> dict[str, str]:
    """The search columns a service keeps beside its own fields."""
    return {
        "search_terms": _plain(own),
        "search_organisation": _plain([organisation]),
        "search_related": _plain(related),
    }


# The columns whose words join the typing-slip word list: `search_related` holds markers, not words.
WORD_COLUMNS = [column for column, _, _ in SEARCH_COLUMNS if column != "search_related"]


def _listed_words(texts: Iterable[str]) -> set[str]:
    return {w for text in texts for w in _raw_words(text or "") if 2 < len(w) <= 40}


def document_words(service: Service, related: Iterable[str] = ()) -> set[str]:
    """Every word of a service's search document, and the words of the terms above and below its own that
    find it (for the typing-slip word list)."""
    return _listed_words([*(str(getattr(service, column) or "") for column in WORD_COLUMNS), *related])


def service_reindex(service: Service) -> None:
    """Bring the service's search columns up to date; the database reindexes them (generated column or
    triggers). Its words join the typing-slip word list."""
    every_term = list(TaxonomyTerm.objects.all())
    terms = list(service.terms.all())
    own, markers = term_words(terms, every_term)
    texts = search_texts(service.organization.name, own, markers)
    Service.objects.filter(pk=service.pk).update(**texts)
    for name, value in texts.items():
        setattr(service, name, value)
    words_add(document_words(service, related_words(terms, every_term)))


def words_add(found: Iterable[str]) -> None:
    IndexedWord.objects.bulk_create(
        (IndexedWord(word=word) for word in sorted(set(found))), batch_size=2000, ignore_conflicts=True
    )
    near_words_forget()


def search_words_refresh() -> int:
    """Make sure every word of every listing is in the word list (after a bulk load)."""
    before = IndexedWord.objects.count()
    found: set[str] = set()
    for row in Service.objects.values_list(*WORD_COLUMNS).iterator(chunk_size=2000):
        found |= _listed_words(row)
    every_term = list(TaxonomyTerm.objects.all())
    used = set(ServiceAttribute.objects.values_list("term_id", flat=True).distinct())
    found |= _listed_words(related_words([t for t in every_term if t.id in used], every_term))
    words_add(found)
    return IndexedWord.objects.count() - before


@lru_cache(maxsize=4096)
def one_slip_away(word: str) -> frozenset[str]:
    letters = string.ascii_lowercase + string.digits
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changes = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return frozenset((deletes | swaps | changes | inserts) - {word})


# The directory's words one slip from a typed word, remembered for a short while: the word list only
# grows when a listing is saved (which clears this process's memory at once; other processes catch up
# within NEAR_SECONDS).
NEAR_SECONDS = 60.0
_near_lock = threading.Lock()
_near: dict[str, tuple[float, frozenset[str]]] = {}


def near_words_forget() -> None:
    with _near_lock:
        _near.clear()


def _nearest_words(word: str) -> list[str]:
    """The directory's words nearest this one by their trigrams, from the trigram index."""
    if connection.vendor == "postgresql":
        return list(
            IndexedWord.objects.annotate(distance=TrigramDistance("word", word))
            .order_by("distance")
            .values_list("word", flat=True)[:NEAR_CANDIDATES]
        )
    padded = f"  {word} "
    trigrams = sorted({padded[i : i + 3] for i in range(len(padded) - 2)})
    match = " OR ".join(f'"{trigram}"' for trigram in trigrams)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word FROM {WORD_TRIGRAMS} WHERE {WORD_TRIGRAMS} MATCH %s ORDER BY rank LIMIT %s",  # noqa: S608
            [match, NEAR_CANDIDATES],
        )
        return [row[0].strip() for row in cursor.fetchall()]


def _known_near(typed: Iterable[str]) -> dict[str, frozenset[str]]:
    """For each word, the directory's words one slip from it; none if the word itself is the directory's."""
    now = time.monotonic()
    found: dict[str, frozenset[str]] = {}
    with _near_lock:
        for word in typed:
            remembered = _near.get(word)
            if remembered and remembered[0] > now:
                found[word] = remembered[1]
    for word in typed:
        if word in found:
            continue
        nearest = _nearest_words(word)
        found[word] = frozenset() if word in nearest else frozenset(nearest) & one_slip_away(word)
        with _near_lock:
            if len(_near) > 20_000:
                _near.clear()
            _near[word] = (now + NEAR_SECONDS, found[word])
    return found


@dataclass(frozen=True)
class QueryWord:
    """A single word of the query, with what it may also be found as (for saying why a listing matched)."""

    word: str
    exact: str  # its stem
    near: frozenset[str]  # the stems of the directory's words one slip from it
    meant: str = ""  # the word meant, where the typed one is a known slip ("hollyday": "holiday")

    @property
    def all(self) -> set[str]:
        return {self.exact, *self.near}


Phrase = tuple[str, ...]  # one word, or the words of a quoted phrase


@dataclass(frozen=True)
class Query:
    """What was typed, read: each clause must be found, as any of its alternatives; none of `excluded`."""

    clauses: tuple[tuple[Phrase, ...], ...] = ()
    excluded: tuple[Phrase, ...] = ()
    words: tuple[QueryWord, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.clauses)


_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def _read(text: str) -> tuple[list[list[Phrase]], list[Phrase]]:
    clauses: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    joined = False  # the last part was "or"
    for negated, quoted, bare in _PART.findall(text[:400]):
        if bare and bare.lower() == "or":
            joined = bool(clauses)
            continue
        if quoted or negated:
            phrase = tuple(_raw_words(quoted))[:MAX_PHRASE_WORDS]
            parts = [phrase] if [w for w in phrase if w not in STOP_WORDS] else []
        elif bare.startswith("-") and len(bare) > 1:
            negated, parts = "-", [(w,) for w in words(bare[1:])]
        else:
            parts = [(w,) for w in words(bare)]
        if negated:
            excluded += parts
            continue
        for n, part in enumerate(parts):
            if joined and n == 0 and clauses:
                if len(clauses[-1]) < MAX_ALTERNATIVES and part not in clauses[-1]:
                    clauses[-1].append(part)
            elif len(clauses) < MAX_CLAUSES and [part] not in clauses:
                clauses.append([part])
        joined = False
    return clauses, excluded[:MAX_CLAUSES]


def parse_query(text: str) -> Query:
    """What was typed as clauses for the engine, with the typing slips it may also be (one small look-up of
    the directory's words, remembered; often none)."""
    read, excluded = _read(text)
    singles = list(dict.fromkeys(p[0] for clause in read for p in clause if len(p) == 1))
    near = _known_near([w for w in singles if len(w) in SLIP_LENGTHS and w not in SPELLINGS])
    clauses = []
    for clause in read:
        alternatives: list[Phrase] = []
        for phrase in clause:
            alternatives.append(phrase)
            if len(phrase) == 1:
                word = phrase[0]
                meant = SPELLINGS.get(word)
                also = [meant] if meant else sorted(near.get(word, ()))
                alternatives += [(w,) for w in also if (w,) not in alternatives]
        clauses.append(_with_related(alternatives))
    query_words = tuple(
        QueryWord(
            word,
            stem(SPELLINGS.get(word, word)),
            frozenset(stem(w) for w in near.get(word, ())) - {stem(word)},
            SPELLINGS.get(word, ""),
        )
        for word in singles
    )
    return Query(tuple(clauses), _with_related(excluded), query_words)


def _with_related(phrases: Iterable[Phrase]) -> tuple[Phrase, ...]:
    """Words or phrases, and after them the markers of the terms above and below each term whose words
    hold any of them: what finds a service through the terms related to its own."""
    found = list(phrases)
    for phrase in list(found):
        found += [(marker,) for marker in _related_markers(phrase) if (marker,) not in found]
    return tuple(found)


# For each engine and word or phrase, the markers it finds: remembered with the terms (forgotten with
# them, see `all_terms`).
_markers: dict[tuple[str, Phrase], tuple[str, ...]] = {}


def _porter_stem(word: str) -> str:
    """SQLite's FTS5 stems with the original Porter algorithm (PostgreSQL with Snowball English, `stem`)."""
    stemmer = getattr(_local, "porter", None)
    if stemmer is None:
        stemmer = _local.porter = snowballstemmer.stemmer("porter")
    return str(stemmer.stemWord(word))


def _engine_tokens(raw: Iterable[str], vendor: str) -> list[str | None]:
    """Words as the database's index reads them: PostgreSQL's stems with its stop words as places held
    (None); SQLite's Porter stems of every word."""
    if vendor == "postgresql":
        return [None if word in STOP_WORDS else stem(word) for word in raw]
    return [_porter_stem(word) for word in raw]


def _holds(document: list[str | None], phrase: list[str | None]) -> bool:
    """Whether the words of the phrase are in the document, one after another (a held place in the phrase,
    a stop word on PostgreSQL, stands for any word)."""
    while phrase and phrase[0] is None:
        phrase = phrase[1:]
    while phrase and phrase[-1] is None:
        phrase = phrase[:-1]
    if not phrase:
        return False
    if len(phrase) == 1:
        return phrase[0] in document
    return any(
        all(want is None or want == document[at + n] for n, want in enumerate(phrase))
        for at in range(len(document) - len(phrase) + 1)
    )


def _related_markers(phrase: Phrase) -> tuple[str, ...]:
    """The markers of the terms above and below every term whose words (its name and the words families
    use for it) hold this word or phrase, as the engine would find it in those words."""
    vendor = connection.vendor
    key = (vendor, phrase)
    if key in _markers:
        return _markers[key]
    terms = list(all_terms().values())
    by_code, parents = _term_graph(terms)
    wanted = _engine_tokens(phrase, vendor)
    found: dict[str, None] = {}
    for term in terms:
        relatives = _relatives(term, by_code, parents)
        if relatives and _holds(
            _engine_tokens(_raw_words(_plain([term.name, *term.synonyms])), vendor), wanted
        ):
            found |= {term_marker(other.id): None for other in relatives}
    if len(_markers) > 20_000:
        _markers.clear()
    _markers[key] = tuple(found)
    return _markers[key]


# --- The engines -------------------------------------------------------------------------------------


def _postgres_query(query: Query) -> SearchQuery:
    def one(phrase: Phrase) -> SearchQuery:
        text = phrase[0] if len(phrase) == 1 else '"' + " ".join(phrase) + '"'
        return SearchQuery(text, search_type="websearch", config="english")

    def any_of(phrases: Iterable[Phrase]) -> SearchQuery:
        return reduce(lambda a, b: a | b, (one(p) for p in phrases))

    combined = reduce(lambda a, b: a & b, (any_of(clause) for clause in query.clauses))
    if query.excluded:
        combined = combined & ~any_of(query.excluded)
    return combined


def fts5_query(query: Query) -> str:
    """The query in FTS5's syntax: each word or phrase a quoted string (the words hold letters and digits
    only), alternatives with OR, clauses with AND, exclusions after NOT."""

    def one(phrase: Phrase) -> str:
        return '"' + " ".join(phrase) + '"'

    matched = " AND ".join("(" + " OR ".join(one(p) for p in clause) + ")" for clause in query.clauses)
    if query.excluded:
        matched = f"({matched}) NOT ({' OR '.join(one(p) for p in query.excluded)})"
    return matched


class _Bm25(Func):
    """SQLite's bm25 over the FTS5 table, with the search columns' weights (lower is better)."""

    function = "bm25"
    output_field = FloatField()

    def __init__(self) -> None:
        weights = [Value(0.0), *(Value(weight) for _, _, weight in SEARCH_COLUMNS)]  # 0: service_id
        super().__init__(F("fulltext__index"), *weights)


def keyword_match(services: QuerySet[Service], query: Query) -> QuerySet[Service]:
    """Services matching the query, unordered, from the database's full-text index."""
    if not query:
        return services
    if connection.vendor == "postgresql":
        return services.filter(search_vector=_postgres_query(query))
    return services.filter(fulltext__index__match=fts5_query(query))


class _CountOf(Subquery):
    """How many rows a (bounded) query gives, as a value computed once for the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def _postgres_rank(query: Query) -> SearchRank:
    """ts_rank_cd's weights put a match in the name (A, 1.0) above one in the listing's terms (B, 0.4), above
    the rest: a service for autistic children above one for all SEND. One pass over each candidate's stored
    vector (a second and third, to rank by parts, cost as much again each)."""
    return SearchRank(
        F("search_vector"), _postgres_query(query), weights=[0.1, 0.2, 0.4, 1.0], cover_density=True
    )


def keyword_search(services: QuerySet[Service], query: Query) -> QuerySet[Service]:
    """Services matching the query, best first (annotated with `score`, higher is better): up to one past
    COUNT_CAP of them, read from the index, and ranked among themselves. Each row carries how many there
    are (`found_in_all`, for `counted_slice`): a window count on PostgreSQL, a count of the capped matches
    on SQLite, which cannot rank with bm25 beside a window count. `ranked_slice` reads a page of it."""
    if not query:
        return services
    found = keyword_match(services, query).order_by().values("id")[: COUNT_CAP + 1]
    if connection.vendor == "postgresql":
        # The candidates are the capped matches, so a window count over them is how many were found, without
        # reading the capped matches from the index a second time.
        candidates = Service.objects.filter(id__in=found).annotate(found_in_all=Window(Count("*")))
        return candidates.annotate(score=_postgres_rank(query)).order_by("-score", "name", "id")
    candidates = Service.objects.filter(id__in=found).annotate(found_in_all=_CountOf(found))
    # SQLite: bm25 weighs how rare a word is, and the words for SEND are in most listings, so listings with
    # every word in their own name come first, then those with every word in their own terms (each one
    # look-up in the index for all the candidates), then bm25.
    words_only = Query(query.clauses)
    tiers = {}
    for column in ("name", "search_terms"):
        within = ServiceFullText.objects.filter(index__match=f"{{{column}}} : ({fts5_query(words_only)})")
        tiers[f"in_{column}"] = Case(
            When(id__in=within.values("service_id"), then=Value(1)), default=Value(0)
        )
    # bm25 to three places: where every word is in most listings, its scores are millionths, differing by
    # length alone, and the name decides, as on PostgreSQL.
    score = Func(-_Bm25(), Value(3), function="ROUND", output_field=FloatField())
    ranked: QuerySet[Any] = candidates.filter(fulltext__index__match=fts5_query(query)).annotate(
        **tiers, score=score
    )
    return ranked.order_by("-in_name", "-in_search_terms", "-score", "name", "id")


MAX_OFFSET = 2**31 - 1


def ranked_slice(
    services: QuerySet[Service], query: Query, start: int, size: int, *, related: tuple[str, ...] = ()
) -> tuple[list[Service], int]:
    """Rows `start` to `start + size` of `keyword_search(services, query)` (with `related` joined) and how
    many it has in all (up to one past COUNT_CAP), as `counted_slice` gives them. Past the cap both rank the
    first COUNT_CAP + 1 matches the index gives, and the two queries may be given a different first 1,001.

    PostgreSQL ranks the capped matches as the index gives them, on narrow rows (each one's id, name and
    rank, and their number as a window count), then reads the page's whole rows by id: ranking the whole
    rows again by id, each joined to its organisation, cost three times as much
    (docs/decisions/0018-full-text-search.md). The page's rows come from
    `services`, with what it joins and prefetches. SQLite cannot count beside bm25, so it slices
    `keyword_search` as before."""
    if not query or connection.vendor != "postgresql" or start + size > MAX_OFFSET:
        return counted_slice(keyword_search(services, query).select_related(*related), start, size)
    # The capped matches with their rank, as the index gives them; then ordered, counted and paged over
    # them alone. (The ORM has no query over a subquery: the capped matches' query is the ORM's.)
    capped = (
        keyword_match(services, query)
        .order_by()
        .annotate(score=_postgres_rank(query))
        .values("id", "name", "score")[: COUNT_CAP + 1]
    )
    capped_sql, capped_params = capped.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT capped.id, COUNT(*) OVER () FROM ({capped_sql}) capped "  # noqa: S608 (placeholders only)
            "ORDER BY capped.score DESC, capped.name, capped.id LIMIT %s OFFSET %s",
            [*capped_params, size, start],
        )
        page = cursor.fetchall()
    if not page:  # past the end, or nothing found
        found = keyword_match(services, query).order_by().values("id")[: COUNT_CAP + 1]
        return [], found.count() if start else 0
    # From `services` itself, so that what it joins and prefetches comes with the rows.
    rows = services.order_by().select_related(*related).in_bulk([service_id for service_id, _ in page])
    return [rows[service_id] for service_id, _ in page], int(page[0][1])


def counted_slice[T: Model](queryset: QuerySet[T], start: int, size: int) -> tuple[list[T], int]:
    """Rows `start` to `start + size` of an ordered queryset and how many rows it has in all, in one query
    (a window count) rather than a count and then the rows."""
    if start + size > MAX_OFFSET:  # far past the end of any directory, and past what databases can skip
        return [], queryset.count()
    counted: QuerySet[Any] = queryset
    if "found_in_all" not in queryset.query.annotations:  # keyword_search counts its own (bounded) rows
        counted = queryset.annotate(found_in_all=Window(Count("*")))
    rows = list(counted[start : start + size])
    if rows:
        return rows, int(rows[0].found_in_all)
    return [], queryset.count() if start else 0


def why_matched(service: Service, query: Query) -> list[str]:
    """Plain words for where each query word was found, for the results page."""
    terms = list(service.terms.all())
    places = {
        "its name": service.name,
        "what it offers": f"{service.description} {service.next_step}",
        "who it is for": service.eligibility,
        "who runs it": service.organization.name,
    }
    place_stems = {place: set(stems(text)) for place, text in places.items()}
    place_stems["its categories"] = set().union(*(_term_stems(term)[0] for term in terms))
    related = {term: _term_stems(term)[1] for term in terms}
    reasons = []
    for q in query.words:
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


_stems_by_term: dict[Any, tuple[set[str], set[str]]] = {}


def _term_stems(term: TaxonomyTerm) -> tuple[set[str], set[str]]:
    """The stems of a term's own words and of the words of the terms above and below it, remembered with
    the terms (forgotten with them)."""
    if term.id not in _stems_by_term:
        own, _ = term_words([term], all_terms().values())
        related = related_words([term], all_terms().values())
        _stems_by_term[term.id] = (set(stems(" ".join(own))), set(stems(" ".join(related))))
    return _stems_by_term[term.id]


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
    _stems_by_term.clear()
    _markers.clear()
    return terms


def terms_forget() -> None:
    _terms.clear()
    _stems_by_term.clear()
    _markers.clear()


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
