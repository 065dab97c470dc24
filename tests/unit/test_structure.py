"""Each folder's rule, checked on the source so the layout stays true."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LIBRARY = REPO / "vliegwiel"
PAGES = REPO / "app_pages"
MAX_PAGE_LINES = 150


def imports(path: Path) -> set[str]:
    """Top-level package names a module imports (also inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def streamlit_outside_ui(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in sorted(root.rglob("*.py"))
            if "ui" not in p.relative_to(root).parts[:1] and imports(p) & {"streamlit", "streamlit_folium"}]


SQL = re.compile(r"\.execute\(|\bSELECT\b[\s\S]*?\bFROM\b|\bduckdb\b")


def sql_in(folder: Path) -> list[str]:
    return [str(p.relative_to(folder)) for p in sorted(folder.rglob("*.py")) if SQL.search(p.read_text(encoding="utf-8"))]


def long_pages(folder: Path) -> list[str]:
    return [p.name for p in sorted(folder.glob("*.py"))
            if len(p.read_text(encoding="utf-8").splitlines()) > MAX_PAGE_LINES]


def styles_in(folder: Path) -> list[str]:
    return [p.name for p in sorted(folder.glob("*.py")) if "<style" in p.read_text(encoding="utf-8").lower()]


def folium_outside_gedeeld(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in sorted(root.rglob("*.py"))
            if "streamlit_folium" in imports(p) and p.relative_to(root).parts[-2:] != ("ui", "gedeeld.py")]


def test_every_map_goes_through_gedeeld():
    """vliegwiel.ui.gedeeld catches streamlit-folium's component call while it converts a map (once per
    map, under a lock); a direct st_folium call elsewhere could be caught meanwhile and not be shown."""
    assert folium_outside_gedeeld(REPO / "app_pages") + folium_outside_gedeeld(LIBRARY) == []
    assert "streamlit_folium" not in imports(REPO / "app.py")


def test_only_ui_imports_streamlit():
    assert streamlit_outside_ui(LIBRARY) == []


def test_figures_run_no_sql():
    assert sql_in(LIBRARY / "figures") == []


def test_pages_are_short():
    assert long_pages(PAGES) == []


def test_pages_carry_no_css():
    assert styles_in(PAGES) == []


@pytest.mark.parametrize("check, source, expected", [
    (streamlit_outside_ui, {"kaart.py": "import streamlit as st\n", "ui/shell.py": "import streamlit\n"}, ["kaart.py"]),
    (streamlit_outside_ui, {"figures/x.py": "def f():\n    from streamlit_folium import st_folium\n"}, ["figures/x.py"]),
    (folium_outside_gedeeld, {"ui/gedeeld.py": "import streamlit_folium\n", "ui/x.py": "from streamlit_folium import st_folium\n"},
     ["ui/x.py"]),
    (sql_in, {"x.py": "def f(con):\n    return con.execute('SELECT 1').df()\n", "y.py": "x = 1\n"}, ["x.py"]),
    (long_pages, {"p.py": "x = 1\n" * (MAX_PAGE_LINES + 1), "q.py": "x = 1\n"}, ["p.py"]),
    (styles_in, {"p.py": "st.html('<style>p {}</style>')\n", "q.py": "st.write('stijl')\n"}, ["p.py"]),
])
def test_each_rule_fails_on_a_violation(tmp_path, check, source, expected):
    for name, text in source.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert check(tmp_path) == expected
