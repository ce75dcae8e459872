"""Versions of a scenario side by side, written for people: a mistake page's made and fixed."""

from __future__ import annotations

from typing import Any, Sequence

import streamlit as st

from smm_sim.catalogue import CONTENT_TYPES
from smm_sim.formats import AS_SET, field_value
from smm_sim.scenario import field_meta
from smm_sim.versions import FieldSettings

from .text import lang, number, percent, plural, t


def _share(share: float) -> str:
    return percent(share, AS_SET.share(share * 100))


def lines(name: str, value: Any, currency: str) -> list[str]:
    """How field ``name`` set to ``value`` reads, with its unit: one line, or a line per
    network (its share of the hours and its followers) or per type of content."""
    if name == "networks":
        return [t(f"versions.network.{plural(followers)}", network=t(f"network.{network}"),
                  share=_share(share), followers=number(followers))
                for network, share, followers in value]
    if name == "content_mix":
        return [t("versions.content", kind=t(f"content.{kind.value}"), share=_share(share))
                for kind, share in zip(CONTENT_TYPES, value)]
    if name == "departments":
        return [t(f"choice.departments.{d}") for d in value] or [t("versions.no_departments")]
    if isinstance(value, str):  # a named choice: measurement, currency
        return [t(f"choice.{name}.{value}")]
    if name == "stop_week":  # 0 stands for never, as the field's help says
        return [t("versions.stop_week", week=number(value)) if value else t("versions.never")]
    text = field_value(name, value, currency, lang(), AS_SET, with_unit=True)
    if field_meta(name)["unit"] == "share/week":  # a percent shows no unit: say it is weekly
        text = t("versions.per_week", share=text)
    return [text]


def side_by_side(titles: Sequence[str], rows: Sequence[FieldSettings], currency: str) -> None:
    """Each field under its label, a column per version (``titles``, in the order of the
    versions). Every cell names its version: on a narrow screen the columns stack."""
    for row in rows:
        st.markdown(f"**{t(f'field.{row.field}.label')}**")
        for column, title, value in zip(st.columns(len(titles)), titles, row.values):
            column.caption(title)
            column.text("\n".join(lines(row.field, value, currency)))
