"""Documents people print or keep, as tagged PDFs (PDF/UA-1), made from HTML by WeasyPrint."""

from __future__ import annotations


def pdf_from_html(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of this HTML. WeasyPrint is imported here, on the first document, not when
    the site starts: it takes seconds, and most requests never make a PDF."""
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))
