"""The accessibility scan every journey uses finds what it is there to find."""

from __future__ import annotations

from typing import Any

import pytest

from localoffer.accounts.tests.browser import assert_accessible

pytestmark = pytest.mark.browser

SOUND = """<!DOCTYPE html><html lang="en-GB"><head><title>A page</title></head>
<body><main><h1>A page</h1><p>Some words.</p></main></body></html>"""


def test_a_page_with_an_image_without_words_and_an_unlabelled_field_is_refused(page: Any) -> None:
    page.set_content(
        '<!DOCTYPE html><html lang="en-GB"><head><title>A page</title></head><body><main><h1>A page</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>'
    )
    with pytest.raises(AssertionError) as refused:
        assert_accessible(page)
    assert "image-alt" in str(refused.value)
    assert "label" in str(refused.value)


def test_a_sound_page_passes(page: Any) -> None:
    page.set_content(SOUND)
    assert_accessible(page)
