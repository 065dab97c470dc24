"""Small display helpers for data text in Streamlit Markdown (labels, captions, lists)."""
from __future__ import annotations

import re
import string

from vliegwiel.format import tekst

# Every ASCII punctuation character is escaped, so a name can never become a link, an image,
# HTML, a colour directive (:red[...]), an icon shortcode or LaTeX.
_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


def md(value) -> str:
    """Data text made literal for Markdown: every special character backslash-escaped, so a
    name like `<img src=x onerror=alert(1)>` or `**x**` shows as typed. Unknown -> 'onbekend'."""
    return _MD_SPECIAL.sub(r"\\\1", tekst(value)).replace("\n", " ")


def opsomming(values, max_n: int = 12) -> str:
    """'a, b en c' from data texts (escaped), with '… en N meer' beyond max_n."""
    items = [md(v) for v in values]
    if not items:
        return ""
    if len(items) > max_n:
        rest = len(items) - max_n
        return ", ".join(items[:max_n]) + f" en {rest} meer"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]
