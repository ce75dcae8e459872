"""The table of pages (view/pages.py) and the scripts in pages/ agree, and every link, label
and mistake finds its page by id, whatever the order of the catalogue."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from smm_sim.i18n import LANGUAGES, catalog
from smm_sim.mistakes import MISTAKES
from view import layout, pages

ROOT = Path(__file__).resolve().parents[1]


def named_id(script: Path) -> str:
    """The id a page script hands to ``render`` or ``layout.setup``: the page it draws."""
    for node in ast.walk(ast.parse(script.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) \
                in ("render", "setup") and node.args and isinstance(node.args[0], ast.Constant):
            return node.args[0].value
    raise AssertionError(f"{script} names no page")


def test_the_table_lists_exactly_the_scripts_in_pages():
    listed = {p.path for p in pages.PAGES if p.kind != "home"}
    on_disk = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert sorted(on_disk - listed) == [], "scripts missing from view/pages.py"
    assert sorted(listed - on_disk) == [], "pages listed without a script"
    assert [p.path for p in pages.of_kind("home")] == ["app.py"]


def test_ids_and_paths_are_unique():
    assert len({p.id for p in pages.PAGES}) == len({p.path for p in pages.PAGES}) \
        == len(pages.PAGES)


@pytest.mark.parametrize("page", pages.PAGES, ids=lambda p: p.id)
def test_each_script_draws_the_page_its_row_names(page):
    assert named_id(ROOT / page.path) == page.id
    if page.kind != "home":  # Streamlit drops the "NN_": the id is the page's address
        assert Path(page.path).stem.split("_", 1)[1] == page.id


def test_each_mistake_has_its_page_by_id():
    assert sorted(p.id for p in pages.of_kind("mistake")) == sorted(m.id for m in MISTAKES)
    for m in MISTAKES:
        assert named_id(ROOT / layout.page_path(m.id)) == m.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_label_is_in_the_catalog(lang):
    assert [p.label for p in pages.PAGES if p.label not in catalog(lang)] == []


def test_an_unknown_page_is_refused_by_name():
    with pytest.raises(ValueError, match="no_strategy"):
        layout.page_path("nowhere")
