"""Opening the app as Streamlit's AppTest does, for every test that reads a page."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from smm_sim.i18n import translate

ROOT = Path(__file__).resolve().parents[1]


def open_app(page: str | None = None, **params: str) -> AppTest:
    """The app opened from a link with ``params``, then switched to ``page``, without error."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return rerun(at, run=False)


def rerun(at: AppTest, run: bool = True) -> AppTest:
    if run:
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label_key: str, lang: str | None = None, **values) -> str:
    """The value of the key figure labelled ``label_key`` ("" when the page has none)."""
    label = translate(label_key, lang or at.session_state["lang"], **values)
    return next((m.value for m in at.metric if m.label == label), "")


def open_table(at, chart_key: str):
    """Open the expander under a chart and read its table."""
    at.session_state[f"table.{chart_key}"] = True
    return next(e for e in rerun(at).expander if e.key == f"table.{chart_key}").dataframe[0].value


def container(at: AppTest, key: str) -> Block:
    """The container a page drew with ``key``, to read only its elements (``.text`` …)."""
    def find(node) -> Block | None:
        for child in getattr(node, "children", {}).values():
            if isinstance(child, Block) and getattr(child.proto, "id", "").endswith(f"-{key}"):
                return child
            found = find(child)
            if found is not None:
                return found
        return None
    found = find(at.main)
    assert found is not None, f"no container {key!r} on the page"
    return found
