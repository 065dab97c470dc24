"""Data text inside st.markdown: every ASCII punctuation character backslash-escaped, so a
name can never become a link, an image, HTML, a colour directive (:red[...]), an icon
shortcode or LaTeX; it shows literally, e.g. `<img src=x onerror=alert(1)>`."""
from __future__ import annotations

import re
import string

from vliegwiel.format import tekst

_PUNCT = re.compile("([" + re.escape(string.punctuation) + "])")


def md(value) -> str:
    """A (possibly unknown) data value as literal markdown text; unknown -> 'onbekend'."""
    return _PUNCT.sub(r"\\\1", tekst(value)).replace("\n", " ")
