"""Texts for people, in every language, from the catalogs in ``smm_sim/locales/<lang>/*.toml``.

Keys are dotted names (``mistake.no_strategy.title``); a translator edits the TOML files
without reading Python. Placeholders are ``{name}``.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

LOCALES_DIR = Path(__file__).with_name("locales")
LANGUAGES: tuple[str, ...] = ("en", "it", "es")
DEFAULT_LANGUAGE = "en"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, Any]:
    """Every key of one language, flattened to dotted names, from all its catalog files.

    A language is a folder (``locales/it/``) of TOML files, one per area of the app, so
    that several people can translate at once; a key defined in two files is an error.
    """
    folder = LOCALES_DIR / lang
    if lang not in LANGUAGES or not folder.is_dir():
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r}")
    merged: dict[str, Any] = {}
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as fh:
            entries = _flatten(tomllib.load(fh))
        clash = sorted(set(entries) & set(merged))
        if clash:
            raise ValueError(f"{path.name} defines keys already defined: {', '.join(clash[:5])}")
        merged.update(entries)
    return merged


def translate(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> Any:
    """The text for ``key`` in ``lang`` with placeholders filled; English if the key is missing.

    A key missing everywhere returns the key itself, so a gap shows on screen instead of
    breaking the page (the catalog tests keep that from shipping).
    """
    text = catalog(lang).get(key)
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key, key)
    if values and isinstance(text, str):
        return text.format(**values)
    return text


def normalise_language(code: str | None) -> str:
    """Map a browser locale such as ``it-IT`` or ``es_419`` to a supported language."""
    if not code:
        return DEFAULT_LANGUAGE
    base = str(code).replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE
