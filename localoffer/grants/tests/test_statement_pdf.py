"""The statement as a PDF: tagged for screen readers and in English. WeasyPrint draws it the same whatever the
database, so it runs on PostgreSQL only (the statement's content is tested on both, in test_statement.py)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from localoffer.grants.statement import statement_draft_create, statement_pdf, statement_publish


@pytest.fixture
def published(offer: None, policy: Any) -> Any:
    return statement_publish(statement=statement_draft_create(by=None), by=None)


def test_statement_pdf_is_tagged_and_in_english(published: Any) -> None:
    reader = PdfReader(io.BytesIO(statement_pdf(statement=published)))
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).lower().startswith("en")
    assert "short breaks services statement" in " ".join(reader.pages[0].extract_text().lower().split())
