"""On the page "Your data": drop the platforms' own exports, see what was read from each file,
correct a generic file's columns, give the hours, and fit. The fit then shows and is applied
as a weekly file's is (view/your_data.py): the scenario changes only when the user applies it.

Reading runs in a process of its own within view/fitting.py's limits; every text that came
from a file (names, headers) is shown as plain text.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Mapping

import pandas as pd
import streamlit as st

from smm_sim import Calibration
from smm_sim.excerpt import FILE_NAME_CHARS, excerpt
from smm_sim.exports import MAX_FILES, ExportsRead, FileReport, format_name, text
from smm_sim.exports.formats import FIGURES, NETWORK_NAMES
from smm_sim.exports.weeks import monday
from smm_sim.scenario import MAX_FOLLOWERS

from . import engine, fitting
from .text import lang, number, plain, t

UPLOAD_KEY = "data.exports"
HOURS_KEY = "data.exports.hours"
TYPES = ("csv", "tsv", "txt", "xlsx", "xls", "zip")
# Megabytes a file, as the weekly file's widget: a year of a page's posts is under 0.3 MB, and
# the server keeps one size for the CSVs both widgets take (view/guard.py).
UPLOAD_MB = 1
HELD_FILES = MAX_FILES + 1  # the files in use and one replacing another
NETWORKS = tuple(dict.fromkeys(NETWORK_NAMES.values()))
Fitted = Callable[..., None]  # (name, calibration=..., error=..., details=...)
LOG = logging.getLogger(__name__)
Fit = Callable[[pd.DataFrame], Calibration]  # the weeks fitted on the scenario in use


@engine.cached(8)
def read_files(files: tuple[tuple[str, bytes], ...], options: Mapping[str, Any]) -> ExportsRead:
    """The exports read in a process of its own, cached on their bytes and the user's choices."""
    return fitting.read_exports(list(files), dict(options))


def section(fit: Fit, on_fitted: Fitted) -> None:
    """The exports' uploader, their preview and the button that fits them with ``fit``."""
    with st.container(key="data-exports-section"):
        st.markdown(f"**{t('exports.title')}**")
        st.caption(t("exports.intro"))
        uploaded = st.file_uploader(
            t("exports.upload"), type=list(TYPES), accept_multiple_files=True, key=UPLOAD_KEY,
            max_upload_size=UPLOAD_MB,
            help=t("exports.help", files=number(MAX_FILES), megabytes=number(UPLOAD_MB)))
        if not uploaded:
            return
        files = tuple((f.name, f.getvalue()) for f in uploaded[:MAX_FILES + 1])
        hours = st.number_input(t("exports.hours"), min_value=0.0, max_value=168.0, value=None,
                                step=0.5, key=HOURS_KEY, help=t("exports.hours_note"))
        options: dict[str, Any] = {"lang": lang(), "hours": hours}
        try:
            first = read_files(files, options)
            options.update(_choices(first))
            result = read_files(files, options) if len(options) > 2 else first
        except fitting.FitRefused as err:
            st.error(text(err.key, err.details, lang()), icon=":material/error:")
            return
        preview(result)
        # Fitted in the run, not in the button's callback: its progress bar then sits here.
        if st.button(t("exports.fit"), key="data.exports.fit", type="primary",
                     disabled=hours is None or not result.networks):
            _fit(result, [name for name, _ in files], fit, on_fitted)


def _choices(result: ExportsRead) -> dict[str, Any]:
    """What the user says the files do not: the followers of networks that give only gains,
    a generic file's network and its columns."""
    chosen: dict[str, Any] = {}
    needed = [n.details["network"] for n in result.notes
              if n.key == "exports.note.followers_needed" and n.details.get("network")]
    followers = {}
    for network in needed:
        count = st.number_input(t("exports.followers", network=t(f"network.{network}")),
                                min_value=0, max_value=MAX_FOLLOWERS, value=None, step=100,
                                key=f"data.exports.followers.{network}",
                                help=t("exports.followers_help"))
        if count is not None:
            followers[network] = float(count)
    if followers:
        chosen["followers"] = followers
    mappings, networks = {}, {}
    for i, report in enumerate(result.files):
        generic = report.error == "exports.error.generic_network" or any(
            p.format == "generic" for p in report.parts)
        if not generic:
            continue
        shown = plain(report.name)
        network = st.selectbox(t("exports.mapping_network", file=shown), [None, *NETWORKS],
                               key=f"data.exports.network.{i}",
                               format_func=lambda n: t(f"network.{n}") if n else "—")
        if network:
            networks[report.name] = network
        mapping = _mapping_editor(report, i)
        if mapping:
            mappings[report.name] = mapping
    if mappings:
        chosen["mappings"] = mappings
    if networks:
        chosen["networks"] = networks
    return chosen


def _mapping_editor(report: FileReport, i: int) -> dict[str, str]:
    """A generic file's columns as read, for the user to correct: {header: figure}."""
    columns = [c for p in report.parts for c in p.columns]
    if not columns:
        return {}
    options = ["", *FIGURES]
    shown = pd.DataFrame({"column": [c.header for c in columns],
                          "read_as": [c.used_as if c.used_as in FIGURES else ""
                                      for c in columns]})
    st.caption(t("exports.mapping", file=plain(report.name)))
    edited = st.data_editor(
        shown, key=f"data.exports.mapping.{i}", hide_index=True, disabled=["column"],
        column_config={"column": t("exports.column"), "read_as": st.column_config.
                       SelectboxColumn(t("exports.becomes"), options=options)})
    return {row.column: row.read_as or "" for row, before in zip(
        edited.itertuples(), shown.itertuples()) if row.read_as != before.read_as}


def preview(result: ExportsRead) -> None:
    """For each file: the format recognised, the days it covers, what each column became."""
    language = lang()
    st.markdown(f"**{t('exports.preview')}**")
    for i, report in enumerate(result.files):
        with st.container(key=f"data-exports-file-{i}"):
            if report.error:
                st.error(plain(report.error_text(language)), icon=":material/error:")
                continue
            lines = []
            for part in report.parts:
                if not part.format:
                    lines.append(t("exports.ignored_part", part=plain(part.part)))
                    continue
                start = monday(part.first)
                values = {"format": format_name(part.format, language),
                          "first": part.first.isoformat(), "last": part.last.isoformat(),
                          "monday": start.isoformat(),
                          "weeks": (monday(part.last) - start).days // 7 + 1}
                lines.append(t("exports.weeks", network=t(f"network.{part.network}"), **values)
                             if part.network else t("exports.weeks_money", **values))
            notes = [plain(text(n.key, n.details, language)) for n in report.notes]
            st.markdown(f"**{plain(excerpt(report.name, FILE_NAME_CHARS))}**\n\n" +
                        "\n".join(f"- {line}" for line in lines + notes))
            with st.expander(t("exports.column") + " → " + t("exports.becomes")):
                table = report.columns_table(language)
                st.dataframe(table.rename(columns={"part": "", "column": t("exports.column"),
                                                   "read_as": t("exports.becomes"),
                                                   "why": t("exports.why")}),
                             hide_index=True)
    if result.notes:
        st.info("\n".join(f"- {plain(text(n.key, n.details, language))}"
                          for n in result.notes))
    if not result.networks and result.money is None:
        st.warning(t("exports.nothing"))


def _fit(result: ExportsRead, names: list[str], fit: Fit, on_fitted: Fitted) -> None:
    """Fit the combined weeks on the scenario as it is now; the page shows it as any fit."""
    name = excerpt(", ".join(names), FILE_NAME_CHARS)
    try:
        calibration = fit(result.combined)
    except fitting.FitRefused as err:
        on_fitted(name, error=err.key, details=err.details)
        return
    except Exception:  # what no check foresaw: said as the weekly file's are, the app stays
        LOG.exception("exports %r could not be fitted", name)
        on_fitted(name, error="data.error.unexpected")
        return
    on_fitted(name, calibration=calibration)
