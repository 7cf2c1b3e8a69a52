"""The database cache with an increment that two web processes cannot both lose.

Django's DatabaseCache increments by reading and writing again, so two requests at once can count as one.
The limits (core/limits.py) count with `incr`; here it reads the row locked (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's transactions here begin IMMEDIATE, holding the write lock) and writes it in the same
transaction."""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        table = quote(self._table)  # type: ignore[attr-defined]  # DatabaseCache's own, not in its stubs
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')} FROM {table} WHERE {quote('cache_key')} = %s{lock}",  # noqa: S608 (names quoted, the key a parameter)
                [key],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key {key!r} not found.")
            value = connection.ops.process_clob(row[0])
            current = pickle.loads(base64.b64decode(value.encode()))  # noqa: S301 (written by this cache)
            new = current + delta
            stored = base64.b64encode(pickle.dumps(new, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s",  # noqa: S608
                [stored, key],
            )
        return new
