"""The databases' own full-text indexes of the Local Offer, which Django's models cannot declare.

PostgreSQL: `Service.search_vector` is a weighted tsvector the database computes (a generated column, see
models.SearchDocument); a GIN index answers `@@`. The directory's distinct words (`IndexedWord`) have a
pg_trgm GiST index, so that the words nearest a typed one are found by `<->` order.

SQLite: an FTS5 table (Porter stemmer over unicode61) indexes the same columns of `directory_service`,
kept current by triggers, each row keyed by the service's rowid and carrying its key (`service_id`, not
indexed) for the join (models.ServiceFullText); a second FTS5 table with the trigram tokenizer indexes
each distinct word, padded with spaces as pg_trgm pads it, kept by triggers on `directory_indexedword`.

Both are made by migration 0006 through `install` (and removed by `remove`). A later migration that
remakes `directory_service` or `directory_indexedword` on SQLite (Django does, to change a column there)
drops their triggers with the old table and renumbers the rows: it must call `install` again after it.
"""

# ruff: noqa: S608 - the statements are built from this module's constant names only, never from input
from __future__ import annotations

from typing import Any

# The search document's parts and their weights: PostgreSQL's tsvector weights (A above D, ranked by
# ts_rank_cd as 1.0, 0.4, 0.2 and 0.1) and SQLite's bm25 column weights in the same proportions, in the
# FTS5 table's column order: a match in the listing's own name counts most, then its terms, then who runs
# it and who it is for, then the rest.
SEARCH_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("name", "A", 10.0),
    ("search_terms", "B", 4.0),
    ("search_organisation", "C", 2.0),
    ("eligibility", "C", 2.0),
    ("description", "D", 1.0),
    ("next_step", "D", 1.0),
    ("search_related", "D", 1.0),
)
SERVICE_FTS = "directory_service_fts"
WORD_TRIGRAMS = "directory_indexedword_trigram"
# The stemmer and tokenizer of the SQLite index; queries go through the same one.
FTS5_TOKENIZE = "porter unicode61 remove_diacritics 2"

_columns = [column for column, _, _ in SEARCH_COLUMNS]


def _sqlite_statements() -> list[str]:
    cols = ", ".join(_columns)
    new = ", ".join(f"new.{column}" for column in _columns)
    delete_old = f"DELETE FROM {SERVICE_FTS} WHERE rowid = old.rowid;"
    insert_new = f"INSERT INTO {SERVICE_FTS}(rowid, service_id, {cols}) VALUES (new.rowid, new.id, {new});"
    padded = "'  ' || {}.word || ' '"
    return [
        # Its own copy of the text, keyed by the service's rowid, with the service's key to join on.
        f"CREATE VIRTUAL TABLE {SERVICE_FTS} USING fts5(service_id UNINDEXED, {cols}, "
        f"tokenize='{FTS5_TOKENIZE}')",
        f"CREATE TRIGGER {SERVICE_FTS}_insert AFTER INSERT ON directory_service BEGIN {insert_new} END",
        f"CREATE TRIGGER {SERVICE_FTS}_delete AFTER DELETE ON directory_service BEGIN {delete_old} END",
        f"CREATE TRIGGER {SERVICE_FTS}_update AFTER UPDATE OF {cols} ON directory_service "
        f"BEGIN {delete_old} {insert_new} END",
        f"INSERT INTO {SERVICE_FTS}(rowid, service_id, {cols}) SELECT rowid, id, {cols} FROM directory_service",
        f"CREATE VIRTUAL TABLE {WORD_TRIGRAMS} USING fts5(word, tokenize='trigram')",
        f"CREATE TRIGGER {WORD_TRIGRAMS}_insert AFTER INSERT ON directory_indexedword BEGIN "
        f"INSERT INTO {WORD_TRIGRAMS}(rowid, word) VALUES (new.rowid, {padded.format('new')}); END",
        f"CREATE TRIGGER {WORD_TRIGRAMS}_delete AFTER DELETE ON directory_indexedword BEGIN "
        f"DELETE FROM {WORD_TRIGRAMS} WHERE rowid = old.rowid; END",
        f"INSERT INTO {WORD_TRIGRAMS}(rowid, word) SELECT rowid, {padded.format('directory_indexedword')} "
        "FROM directory_indexedword",
    ]


SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {SERVICE_FTS}_insert",
    f"DROP TRIGGER IF EXISTS {SERVICE_FTS}_delete",
    f"DROP TRIGGER IF EXISTS {SERVICE_FTS}_update",
    f"DROP TABLE IF EXISTS {SERVICE_FTS}",
    f"DROP TRIGGER IF EXISTS {WORD_TRIGRAMS}_insert",
    f"DROP TRIGGER IF EXISTS {WORD_TRIGRAMS}_delete",
    f"DROP TABLE IF EXISTS {WORD_TRIGRAMS}",
]

POSTGRESQL_INSTALL = [
    "CREATE INDEX IF NOT EXISTS directory_service_search_idx ON directory_service USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS directory_indexedword_trgm_idx ON directory_indexedword "
    "USING gist (word gist_trgm_ops)",
]
POSTGRESQL_REMOVE = [
    "DROP INDEX IF EXISTS directory_service_search_idx",
    "DROP INDEX IF EXISTS directory_indexedword_trgm_idx",
]


def install(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    statements = _sqlite_statements() if vendor == "sqlite" else POSTGRESQL_INSTALL
    for statement in statements:
        schema_editor.execute(statement, params=None)


def remove(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_REMOVE if vendor == "sqlite" else POSTGRESQL_REMOVE:
        schema_editor.execute(statement, params=None)
