"""The page "Your data": fit the model to the company's weekly numbers, keep the scenario in
a file and load it back, take the weekly series and the report away."""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.script_run_context import SCRIPT_RUN_CONTEXT_ATTR_NAME

from smm_sim import Scenario
from smm_sim.fit import BACKTEST_FILE_WEEKS, Calibration
from smm_sim.weekly_file import DELIMITERS, MAX_FILE_MB, MAX_WEEKS, MEGABYTE, message
from smm_sim.export import CSV_STYLE, report_html, report_pdf, weekly_csv
from smm_sim import formats, report
from smm_sim.excerpt import FILE_NAME_CHARS, excerpt
from smm_sim.formats import field_value
from smm_sim.model import MONEY_METRICS
from smm_sim.scenario import ScenarioError

from . import charts, engine, exports_upload, fitting, kept, layout, state
from .charts import fit_chart  # the page's name for it: tests and the report share it
from .text import labels, lang, number, plain, plural, short_unit, t

ROOT = Path(__file__).resolve().parents[1]
SAMPLES_DIR = ROOT / "data" / "samples"
SAMPLES = ("weekly_clean", "weekly_dates", "weekly_messy_it")
# The widgets, the server (view/guard.py) and the readers refuse the same: one figure to state.
CSV_UPLOAD_MB = MAX_FILE_MB
SCENARIO_UPLOAD_MB = 1  # a saved scenario is about 3 kB; the widget's limit is in whole MB
MAX_SCENARIO_BYTES = SCENARIO_UPLOAD_MB * MEGABYTE
UPLOAD_KEY, SCENARIO_FILE_KEY = "data.upload", "data.scenario_file"
# Each upload widget: the file types it takes (no type in two widgets) and its megabytes.
UPLOADS = {UPLOAD_KEY: (("csv", "tsv", "txt"), CSV_UPLOAD_MB),
           SCENARIO_FILE_KEY: (("json",), SCENARIO_UPLOAD_MB),
           exports_upload.UPLOAD_KEY: (exports_upload.TYPES, exports_upload.UPLOAD_MB)}
# Files a session may hold for a widget that takes several (others: view/guard.py's two).
UPLOAD_FILES = {exports_upload.UPLOAD_KEY: exports_upload.HELD_FILES}
RESULT_KEY, LOADED_KEY = kept.FIT_KEY, "data.loaded"  # session state the widgets do not own
# (name, bytes) of a file to fit in this run: its progress bar is drawn under the widget, as
# one drawn from the widget's callback would sit above the title and shift the page's elements,
# which makes the browser rebuild the uploader and forget the file it refused.
PENDING_KEY = "data.pending"
REPORT_NAME_KEY = "data.export.prepared_for"  # {"name": str}: what the report is made out to
CHART_METRICS = ("hours", "posts", "followers", "engagements", "conversions", "revenue",
                 "reach", "clicks")
FIELDS = frozenset(Scenario.__dataclass_fields__)
LOG = logging.getLogger(__name__)
SHOWN_NAME = 80  # characters of a file name written to the server log
MAX_NAMED = 8  # fields named in a refusal before "…"


@dataclass(frozen=True)
class Upload:
    """What became of the last weekly file: its calibration, or why it could not be used."""

    name: str
    calibration: Calibration | None = None
    error: str = ""  # a catalog key
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Loaded:
    """What became of the last scenario file: loaded (with how many fields changed) or not."""

    name: str
    changed: int = 0
    error: ScenarioError | None = None


# --- engine calls, cached on the bytes of the file and the scenario fitted from -----------
# Not st.cache_data: it records the progress bar drawn during a fit and replays it on a hit,
# which fails in any other run ("a streamlit element is called on some layout block created
# outside the function"). Kept pickled, so each hit is a copy of its own, as st.cache_data's.
FITS_KEPT = 32
_fits: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_fits_lock = threading.Lock()


def clear_fits() -> None:
    """Forget every kept fit, as ``st.cache_data.clear()`` does for the cached engine calls."""
    with _fits_lock:
        _fits.clear()


def fit_file(data: bytes, base: Scenario,
             progress: Callable[[float], None] | None = None) -> Calibration:
    """Read and fit in a process of its own, within a time and a memory limit, stopped if
    this session goes meanwhile; ``progress`` is told how far (not on a cache hit)."""
    key = (hashlib.sha256(data).hexdigest(), repr(base))
    with _fits_lock:
        kept_fit = _fits.get(key)
        if kept_fit is not None:
            _fits.move_to_end(key)
    if kept_fit is not None:
        return pickle.loads(kept_fit)
    cal = fitting.fit(data, base, wanted=session_connected(), progress=progress)
    with _fits_lock:
        _fits[key] = pickle.dumps(cal)
        while len(_fits) > FITS_KEPT:
            _fits.popitem(last=False)
    return cal


def session_connected() -> Callable[[], bool]:
    """Whether the session of this run still has its tab connected, asked from any thread.
    Streamlit stops a session's script run when its tab goes, but a run waiting for a fit
    does not notice until the fit ends."""
    ctx = get_script_run_ctx()
    if ctx is None or not st.runtime.exists():  # a bare script, or AppTest: no server
        return lambda: True
    runtime, session = st.runtime.get_instance(), ctx.session_id
    return lambda: runtime.is_active_session(session)


def fit_weeks(weeks: pd.DataFrame) -> Calibration:
    """Fit weekly rows read elsewhere (the platforms' exports) on the current scenario, its
    progress bar where this is called; raises fitting.FitRefused as :func:`fit_file`."""
    return _with_progress(lambda progress: fitting.fit(
        weeks, state.scenario(), wanted=session_connected(), progress=progress))


def _with_progress(fit: Callable[[Callable[[float], None]], Calibration]) -> Calibration:
    """``fit(progress)`` under a progress bar drawn here, gone when the fit ends."""
    bar = st.progress(0.0, text=t("data.fit.progress"))
    try:
        return fit(lambda share: bar.progress(min(1.0, max(0.0, share)),
                                              text=t("data.fit.progress")))
    finally:
        bar.empty()


def take_file(name: str, data: bytes) -> Upload:
    """Read and fit one weekly file on the current scenario; store and return the outcome."""
    try:
        upload = Upload(name, calibration=_with_progress(
            lambda progress: fit_file(bytes(data), state.scenario(), progress)))
    except fitting.FitRefused as err:  # the reader's reason, or the limit the file passed
        upload = Upload(name, error=err.key, details=err.details)
    except Exception:  # a file no check foresaw: say so, keep the app and the scenario
        LOG.exception("weekly file %r could not be used", name[:SHOWN_NAME])
        upload = Upload(name, error="data.error.unexpected")
    st.session_state[RESULT_KEY] = upload
    return upload


def _take_fitted(name: str, **outcome: Any) -> None:
    """A fit made elsewhere on the page (the platforms' exports), shown as a file's is."""
    st.session_state[RESULT_KEY] = Upload(name, **outcome)


def _on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is not None:
        st.session_state[PENDING_KEY] = (uploaded.name, uploaded.getvalue())
    else:  # the file was removed from the widget: its refusal is about nothing shown there
        _forget_refusal(RESULT_KEY, lambda upload: upload.calibration is None)


def _use_sample() -> None:
    name = st.session_state.get("data.sample", SAMPLES[0])
    st.session_state[PENDING_KEY] = (f"{name}.csv", (SAMPLES_DIR / f"{name}.csv").read_bytes())


def _use_fitted() -> None:
    """The fitted values onto the scenario as it is now: levers moved since the fit stay."""
    upload = st.session_state.get(RESULT_KEY)
    if upload is None or upload.calibration is None:
        return
    cal = upload.calibration
    try:
        scenario = state.scenario().replace(**cal.scenario.changes_from(cal.base))
    except ValueError:  # the fitted values do not fit the scenario as it is now
        scenario = cal.scenario
    state.replace_scenario(scenario)
    keep_posterior(cal)


def keep_posterior(cal: Calibration) -> None:
    """The fit's posterior draws serve every page's Monte Carlo while its values are in use."""
    learned = tuple(cal.posterior.loc[cal.posterior["learned"], "field"]) \
        if not cal.posterior.empty else ()
    engine.keep_posterior(cal.scenario, cal.draws, learned)


def _forget() -> None:
    st.session_state.pop(RESULT_KEY, None)


SCRIPT_THREAD = "ScriptRunner.scriptThread"  # Streamlit's name for a session's script thread
SETTLE_SECONDS = 10.0  # the longest a download waits for the run its click started


def settle_session(session_id: str, most: float = SETTLE_SECONDS) -> None:
    """Wait until the script runs of session ``session_id`` now under way have ended (a thread
    just started, not yet tied to a session, is waited for too), at most ``most`` seconds.
    A download built on another thread calls it so it sees what the run just begun sets."""
    deadline = time.monotonic() + most
    for thread in threading.enumerate():
        if thread.name != SCRIPT_THREAD or thread is threading.current_thread():
            continue
        ctx = getattr(thread, SCRIPT_RUN_CONTEXT_ATTR_NAME, None)
        if ctx is None or ctx.session_id == session_id:
            thread.join(max(0.0, deadline - time.monotonic()))


def _keep_report_name() -> None:
    """Runs first in the rerun the name's change starts, before the page is drawn again."""
    holder = st.session_state.setdefault(REPORT_NAME_KEY, {"name": ""})
    holder["name"] = st.session_state.get("data.export.name") or ""


def load_scenario(name: str, data: bytes) -> Loaded:
    """Make a saved scenario the current one; a refused file leaves the scenario as it was."""
    before = state.scenario()
    try:
        if len(data) > MAX_SCENARIO_BYTES:
            raise ScenarioError("file too large", "", "size", len(data))
        scenario = Scenario.from_json(bytes(data))
    except ScenarioError as err:
        loaded = Loaded(name, error=err)
    except Exception:  # a file no check foresaw: say so, keep the scenario
        LOG.exception("scenario file %r could not be used", name[:SHOWN_NAME])
        loaded = Loaded(name, error=ScenarioError("unexpected", "", "unexpected", None))
    else:
        state.replace_scenario(scenario)
        engine.forget_posterior()  # a scenario from a file, not from the fit
        loaded = Loaded(name, changed=len(scenario.changes_from(before)))
    st.session_state[LOADED_KEY] = loaded
    return loaded


def _on_scenario_file() -> None:
    uploaded = st.session_state.get(SCENARIO_FILE_KEY)
    if uploaded is not None:
        load_scenario(uploaded.name, uploaded.getvalue())
    else:
        _forget_refusal(LOADED_KEY, lambda loaded: loaded.error is not None)


def _forget_refusal(key: str, refused: Callable[[Any], bool]) -> None:
    """Drop the outcome under ``key`` if it is a refusal: a fit or a load that was made
    stays, as the work it is (the fit has its own button to forget it)."""
    outcome = st.session_state.get(key)
    if outcome is not None and refused(outcome):
        del st.session_state[key]


def refusal(err: ScenarioError) -> str:
    """Why a scenario file was refused, in the reader's language, naming the field."""
    listed = err.kind in ("unknown", "missing")  # the value holds every name
    names = [str(n) for n in err.value] if listed else [str(err.field)]
    shown = ", ".join(f"{t(f'field.{n}.label')} ({n})" if n in FIELDS else plain(excerpt(n))
                      for n in names[:MAX_NAMED])
    if len(names) > MAX_NAMED:
        more = len(names) - MAX_NAMED
        shown += " " + t(f"list.more.{plural(more)}", count=number(more))
    value = plain(excerpt(repr(err.value))) if err.value is not None and not listed else ""
    return t(f"data.load.error.{err.kind}", field=shown, value=value, allowed=plain(err.allowed),
             megabytes=number(SCENARIO_UPLOAD_MB))


# --- tables and charts: built here, drawn by the page --------------------------------------
def values_table(calibration: Calibration) -> pd.DataFrame:
    """Each fitted parameter beside the scenario's value before, with its 90% range."""
    cur = calibration.scenario.currency

    def shown(name: str, x: float | None) -> str:
        return "–" if x is None else field_value(name, x, cur, lang())
    rows = []
    for v in calibration.values:
        label = t("data.fit.followers_start") if v.field == "followers_start" \
            else t(f"field.{v.field}.label")
        change = v.fitted / v.before - 1 if v.before else None
        rows.append({
            t("data.fit.parameter"): label + (" ⚠" if v.at_bound else ""),
            t("data.fit.fitted_to"): t(f"metric.{v.metric}"),
            t("data.fit.before"): shown(v.field, v.before),
            t("data.fit.after"): shown(v.field, v.fitted),
            t("data.fit.change"): "–" if change is None else
            ("+" if change > 0 else "") + formats.percent(change, lang()),
            t("data.fit.range"): "–" if v.low is None
            else f"{shown(v.field, v.low)} – {shown(v.field, v.high)}"})
    return pd.DataFrame(rows)


def goodness_table(calibration: Calibration) -> pd.DataFrame:
    """How far the fitted model is from the data, metric by metric, and how far it was."""
    language = lang()

    def r2(x: float) -> str:  # below -1 the model does worse than a flat line: how much is noise
        if pd.isna(x):
            return formats.MISSING
        return formats.number(x, language, 2) if x >= -1 else "< " + formats.number(-1, language)
    return pd.DataFrame([{
        t("data.fit.metric"): t(f"metric.{r.metric}"),
        t("data.fit.weeks"): r.weeks,
        t("data.fit.wape"): formats.deviation(r.wape, language),
        t("data.fit.bias"): formats.deviation(r.bias, language, signed=True),
        t("data.fit.r2"): r2(r.r2),
        t("data.fit.wape_before"): formats.deviation(r.wape_before, language)}
        for r in calibration.fit.itertuples()])


def report_downloads(scenario: Scenario, weeks: int, language: str,
                     calibration: Calibration | None, file_name: str, session: str,
                     holder: dict[str, str]) -> None:
    """The report as PDF and as HTML, each built only when its button is clicked."""
    link = layout.scenario_link(home=True)

    def made(write: Callable[..., Any]) -> Callable[[], bytes]:
        def build() -> bytes:  # runs on click, on another thread: it reads no session state
            settle_session(session)
            out = write(scenario, weeks, language, calibration, holder["name"], file_name,
                        link=link)
            return out.encode("utf-8") if isinstance(out, str) else out
        return build
    with st.container(key="data-report-files", horizontal=True):
        st.download_button(t("report.pdf"), data=made(report_pdf), file_name="smm-sim-report.pdf",
                           mime="application/pdf", key="data.export.report_pdf",
                           on_click="ignore", type="primary", icon=":material/picture_as_pdf:")
        st.download_button(t("data.export.report"), data=made(report_html),
                           file_name="smm-sim-report.html", mime="text/html",
                           key="data.export.report", on_click="ignore", icon=":material/summarize:")
    st.caption(t("report.note"))


def posterior_table(calibration: Calibration) -> pd.DataFrame:
    """Each fitted field's range before the data (its prior) and with them (the posterior),
    and whether the data informed it."""
    cur, language = calibration.scenario.currency, lang()

    def shown(name: str, low: float, high: float) -> str:
        if pd.isna(low):  # the Monte Carlo holds this field fixed: no prior range to show
            return t("data.fit.not_drawn")
        return f"{field_value(name, low, cur, language)} – {field_value(name, high, cur, language)}"
    rows = []
    for r in calibration.posterior.itertuples():
        label = t("data.fit.followers_start") if r.field == "followers_start" \
            else t(f"field.{r.field}.label")
        rows.append({t("data.fit.parameter"): label,
                     t("data.fit.prior_range"): shown(r.field, r.prior_p10, r.prior_p90),
                     t("data.fit.posterior_range"): shown(r.field, r.p10, r.p90),
                     t("data.fit.learned_col"): t("data.fit.learned") if r.learned
                     else t("data.fit.assumption")})
    return pd.DataFrame(rows)


def backtest_table(calibration: Calibration) -> pd.DataFrame:
    """Per metric: the weeks forecast, the median forecast's typical error, weeks in the band."""
    return report.backtest_table(calibration, lang())


def metric_grid(frame: pd.DataFrame, currency: str, key: str,
                chart: Callable[[str, str, str], Any]) -> None:
    """A small chart per metric of ``frame``, three to a row: ``chart(metric, value title,
    number format)`` builds each."""
    metrics = [m for m in CHART_METRICS if m in set(frame["metric"])]
    columns = st.columns(3)
    for i, metric in enumerate(metrics):
        with columns[i % 3], st.container(key=f"{key}-{metric}"):
            # The name above the chart, not in it: Vega titles get clipped in small frames.
            st.markdown(f"**{t(f'metric.{metric}')}**")
            value_title = (short_unit("money/week", currency)
                           if metric in MONEY_METRICS else t(f"metric.{metric}"))
            layout.draw(chart(metric, value_title, ",.1f" if metric in ("hours", "posts",
                                                                        "conversions")
                              else ",.0f"))


def posterior_section(cal: Calibration) -> None:
    """What the data taught: each fitted field's prior and posterior ranges."""
    if cal.posterior.empty:
        return
    with st.container(key="data-posterior"):
        st.markdown(f"**{t('data.fit.posterior_title')}**")
        st.dataframe(posterior_table(cal), hide_index=True, height="content")
        st.caption(t("data.fit.posterior_note", draws=number(len(cal.draws)),
                     ess=number(round(cal.ess))))


def backtest_section(cal: Calibration) -> None:
    """The forecast of the weeks held out against the file's numbers, and its figures."""
    with st.container(key="data-backtest"):
        st.markdown(f"**{t('data.fit.backtest_title')}**")
        if cal.backtest.empty:
            st.caption(t("data.fit.backtest_none", needed=number(BACKTEST_FILE_WEEKS)))
            return
        held = int(cal.backtest["week"].nunique())
        st.caption(t("data.fit.backtest_intro", train=number(cal.weeks - held),
                     held=number(held)))
        names = {"actual": t("data.chart.actual")}
        metric_grid(cal.backtest, cal.scenario.currency, "data-backtest",
                    lambda metric, title, fmt: charts.backtest_chart(cal.backtest, metric,
                                                              t("chart.week"), title, names, fmt))
        st.dataframe(backtest_table(cal), hide_index=True, height="content")
        st.caption(t("data.fit.backtest_note"))


# --- the page ------------------------------------------------------------------------------
def render() -> None:
    st.title(t("data.title"))
    st.write(t("data.intro"))
    fit_section()
    scenario_file_section()
    export_section()
    layout.share_link()


def fit_section() -> None:
    st.subheader(t("data.fit.title"))
    st.caption(t("data.fit.format", megabytes=number(CSV_UPLOAD_MB), weeks=number(MAX_WEEKS)))
    st.caption(t("data.fit.levers_first"))  # the recovery study's lesson (docs/CALIBRATION.md)
    left, right = st.columns([3, 2])
    with left:
        types, megabytes = UPLOADS[UPLOAD_KEY]
        st.file_uploader(t("data.upload.label"), type=list(types), key=UPLOAD_KEY,
                         max_upload_size=megabytes,
                         help=t("data.upload.help", megabytes=number(megabytes),
                                types=" / ".join(types).upper()),
                         on_change=_on_upload)
    with right:
        sample = st.selectbox(t("data.sample.label"), SAMPLES, key="data.sample",
                              format_func=labels("data.sample"))
        buttons = st.container(horizontal=True)
        buttons.button(t("data.sample.use"), key="data.sample.use", on_click=_use_sample)
        buttons.download_button(t("data.sample.download"),
                                data=(SAMPLES_DIR / f"{sample}.csv").read_bytes(),
                                file_name=f"{sample}.csv", mime="text/csv",
                                key="data.sample.download", on_click="ignore")
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending is not None:
        take_file(*pending)
    exports_upload.section(fit=fit_weeks, on_fitted=_take_fitted)
    upload: Upload | None = st.session_state.get(RESULT_KEY)
    if upload is None:
        if kept.lost().get("fit"):
            file_lost()
        return
    kept.forget_lost("fit")  # a new file was fitted or refused: the old one is past
    if upload.calibration is None:
        with st.container(key="data-error"):
            # Named first: a file the browser refuses leaves this message on the page, under
            # the widget that now shows that file too.
            named = t("data.fit.refused", file=plain(excerpt(upload.name, FILE_NAME_CHARS)))
            st.error(f"**{named}**\n\n" + message(upload.error, upload.details, lang(),
                                                   escape=plain), icon=":material/error:")
            st.caption(t("data.fit.unchanged"))
        return
    show_calibration(upload)


def file_lost() -> None:
    """The link says a file was fitted, but this session never saw it (a restart, a refresh,
    a shared link): say so, and that the scenario from it is still the one shown."""
    with st.container(key="data-lost"):
        st.warning(t("data.fit.lost"), icon=":material/cloud_off:")
        st.button(t("data.fit.lost_dismiss"), key="data.fit.lost_dismiss",
                  on_click=kept.forget_lost, args=("fit",))


def show_calibration(upload: Upload) -> None:
    cal = upload.calibration
    assert cal is not None
    with st.container(key="data-summary"):
        st.success(t("data.fit.done", file=plain(excerpt(upload.name, FILE_NAME_CHARS)),
                     rows=len(cal.data), weeks=cal.weeks), icon=":material/check_circle:")
        if cal.notes:
            st.info("\n".join(f"- {note.text(lang(), escape=plain)}" for note in cal.notes))
    st.markdown(f"**{t('data.fit.charts_title')}**")
    st.caption(t("data.chart.caption"))
    names = {"data": t("data.chart.data"), "before": t("data.chart.before"),
             "fitted": t("data.chart.fitted")}
    metric_grid(cal.comparison, cal.scenario.currency, "data-chart",
                lambda metric, title, fmt: fit_chart(cal.comparison, metric, t("chart.week"),
                                                     title, names, fmt))
    with st.container(key="data-values"):
        st.markdown(f"**{t('data.fit.values_title')}**")
        st.dataframe(values_table(cal), hide_index=True, height="content")
        st.caption(t("data.fit.values_note"))
        st.caption(t("data.fit.kept", fields=", ".join(t(f"field.{k}.label") for k in cal.kept)))
    with st.container(key="data-goodness"):
        st.markdown(f"**{t('data.fit.goodness_title')}**")
        st.dataframe(goodness_table(cal), hide_index=True, height="content")
        st.caption(t("data.fit.goodness_note"))
    posterior_section(cal)
    backtest_section(cal)
    with st.container(key="data-use", horizontal=True):
        in_use = state.scenario() == cal.scenario
        st.button(t("data.fit.use"), key="data.fit.use", type="primary", on_click=_use_fitted,
                  disabled=in_use, help=t("data.fit.use_help"))
        st.button(t("data.fit.forget"), key="data.fit.forget", on_click=_forget)
    if state.scenario() == cal.scenario:
        st.success(t("data.fit.in_use"), icon=":material/check_circle:")


def scenario_file_section() -> None:
    st.subheader(t("data.file.title"))
    st.caption(t("data.file.intro"))
    left, right = st.columns(2)
    with left, st.container(key="data-save"):
        st.download_button(t("data.file.save"), data=state.scenario().to_json(),
                           file_name="smm-sim-scenario.json", mime="application/json",
                           key="data.file.save", on_click="ignore", icon=":material/download:")
        st.caption(t("data.file.save_note"))
    with right:
        types, megabytes = UPLOADS[SCENARIO_FILE_KEY]
        st.file_uploader(t("data.file.load"), type=list(types), key=SCENARIO_FILE_KEY,
                         max_upload_size=megabytes,
                         help=t("data.file.load_help", megabytes=number(megabytes)),
                         on_change=_on_scenario_file)
    loaded: Loaded | None = st.session_state.get(LOADED_KEY)
    if loaded is None:
        return
    with st.container(key="data-loaded"):
        if loaded.error is not None:
            # The file named in the message itself, as with a weekly file: a caption is missed.
            named = t("data.file.refused", file=plain(excerpt(loaded.name, FILE_NAME_CHARS)))
            st.error(f"**{named}**\n\n{refusal(loaded.error)}", icon=":material/error:")
        else:
            st.success(t("data.file.loaded", file=plain(excerpt(loaded.name, FILE_NAME_CHARS)),
                         count=loaded.changed), icon=":material/check_circle:")


def export_section() -> None:
    st.subheader(t("data.export.title"))
    st.caption(t("data.export.intro"))
    scenario, weeks, language = state.scenario(), state.weeks(), lang()
    upload: Upload | None = st.session_state.get(RESULT_KEY)
    calibration = upload.calibration if upload is not None else None
    file_name = upload.name if upload is not None else ""
    left, right = st.columns(2)
    with left, st.container(key="data-csv"):
        st.download_button(t("data.export.csv", weeks=weeks),
                           data=weekly_csv(scenario, weeks, language),
                           file_name=f"smm-sim-{weeks}-weeks.csv", mime="text/csv",
                           key="data.export.csv", on_click="ignore", icon=":material/table:")
        delimiter, decimal = CSV_STYLE[language]
        st.caption(message("data.export.csv_note", {
            "delimiter": DELIMITERS[delimiter], "decimal": "comma" if decimal == "," else "point"},
            language))
    with right, st.container(key="data-report"):
        report_box(scenario, weeks, language, calibration, file_name)


@st.fragment
def report_box(scenario: Scenario, weeks: int, language: str, calibration: Calibration | None,
               file_name: str) -> None:
    """The name the report is made out to and its download, rerun alone as the name is typed.

    The name commits as it is typed, so it reaches the server before a click on the button
    does (committed only when the field lost focus, it came after the click's download and
    the report went without it); the report waits for the run the last keystroke started and
    reads the name that run left in the holder."""
    holder = st.session_state.setdefault(REPORT_NAME_KEY, {"name": ""})
    ctx = get_script_run_ctx()
    session = ctx.session_id if ctx else ""
    st.text_input(t("data.export.prepared_for"), key="data.export.name", max_chars=80,
                  placeholder=t("data.export.prepared_for_hint"), on_change=_keep_report_name,
                  live="0ms")
    holder["name"] = st.session_state.get("data.export.name") or ""

    report_downloads(scenario, weeks, language, calibration, file_name, session, holder)
    if calibration is None and kept.lost().get("fit"):
        st.caption(t("data.export.fit_lost"))
