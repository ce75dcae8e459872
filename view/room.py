"""The live workshop room: open it from the workshop page, join it on a phone (/join), watch
it on the projector (/room). The store and the aggregation are smm_sim/rooms.py.

Both room pages skip the app's shared state (view/state.py): the join page's link holds the
room and the participant's token, not a scenario, and must keep them. Every text from a
participant (a nickname) is shown with st.text or in a table cell: plain text only.
"""

from __future__ import annotations

from typing import Callable
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from smm_sim import rooms
from smm_sim.assessment import ANSWERS
from smm_sim.export import report_html, report_pdf, to_csv
from smm_sim.i18n import LANGUAGES, normalise_language
from smm_sim.mistakes import mistake
from smm_sim.presets import DEFAULT_PRESET, preset
from smm_sim.query import encode

from . import charts, layout, levers, state, theme
from .text import LANG_KEY, labels, lang, money, number, percent, t

OPENED_KEY = "room.opened"  # the Room this session opened (its key stays in the session)
INFO_KEY = "room.info"  # (ref, RoomInfo) of the join page: looked up once per session
ERROR_KEY = "room.error"  # a RoomError to show once, after a callback
REFRESH_SECONDS = 4  # how often the projector view reads the room again
QR_SCALE = 8  # pixels per module of the QR code's image
FORMS = ("all", "short")
ROOM_PARAM, PARTICIPANT_PARAM, KEY_PARAM = "room", "p", "key"
SPREAD_COLORS = {"yes": theme.FIXED, "partly": theme.ACCENT, "no": theme.MADE,
                 "unanswered": theme.REFERENCE}


@st.cache_resource(show_spinner=False)
def store() -> rooms.RoomStore:
    """The rooms of this server: one store (and connection pool) for every session."""
    return rooms.connect()


def on_sqlite() -> bool:
    """Whether the rooms live in a SQLite file (read from the URL: no connection needed)."""
    return rooms.default_url().startswith("sqlite")


def _session() -> str | None:
    ctx = get_script_run_ctx()
    return None if ctx is None else ctx.session_id


def _address() -> str | None:
    return st.context.ip_address  # None on localhost: the session's own limit still holds


def _site_url(page_id: str, params: dict[str, str]) -> str:
    """The address of another page of this app with ``params`` (relative under AppTest)."""
    here = (st.context.url or "").split("?")[0]
    root = here.rsplit("/", 1)[0] if "/" in here.split("://")[-1] else here
    path = "" if page_id == "home" else page_id
    query = urlencode(params, safe=":,")
    return f"{root}/{path}" + (f"?{query}" if query else "")


def join_url(room: rooms.Room) -> str:
    return _site_url("join", {ROOM_PARAM: room.join_token})


def facilitator_url(room: rooms.Room) -> str:
    return _site_url("room", {ROOM_PARAM: room.code, KEY_PARAM: room.facilitator_key})


@st.cache_data(max_entries=32, show_spinner=False)
def qr_png(url: str) -> bytes:
    """The QR code of ``url`` as a PNG image (segno, pure Python)."""
    import io

    import segno
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=QR_SCALE, border=2)
    return out.getvalue()


def _error(err: rooms.RoomError) -> None:
    st.error(err.text(lang()), icon=":material/error:")


def _page(wide: bool) -> None:
    """Page settings and the reader's language: the link's, else the browser's."""
    ss = st.session_state
    asked = st.query_params.get("lang")
    if asked in LANGUAGES:
        ss[LANG_KEY] = asked
    elif LANG_KEY not in ss:
        ss[LANG_KEY] = normalise_language(st.context.locale)
    st.set_page_config(page_title=t("app.title"), page_icon=":material/groups:",
                       layout="wide" if wide else "centered",
                       initial_sidebar_state="collapsed")


def _language_choice() -> None:
    key = "room.lang"
    levers.sync(key, lang())
    st.selectbox(t("nav.language"), LANGUAGES, key=key, format_func=labels("language"),
                 width=180, on_change=lambda: st.session_state.update(
                     {LANG_KEY: st.session_state[key]}))


def sqlite_note() -> None:
    if on_sqlite():
        st.caption(t("room.sqlite_note"))


# --- the workshop page's section ------------------------------------------------------
def _open_room() -> None:
    form = st.session_state.get("room.form", FORMS[0])
    questions = rooms.SHORT_FORM if form == "short" else None
    try:
        st.session_state[OPENED_KEY] = store().open_room(state.scenario(), lang(), questions,
                                                         weeks=state.weeks())
    except rooms.RoomError as err:
        st.session_state[ERROR_KEY] = err


def workshop_section() -> None:
    """Open a live room on the workshop's scenario: its code, QR code, join and facilitator
    links (the facilitator link is the only way back to the room's results)."""
    st.divider()
    with st.container(key="room-section"):
        st.subheader(t("room.section.title"))
        shown = st.session_state.pop(ERROR_KEY, None)
        if shown is not None:
            _error(shown)
        opened: rooms.Room | None = st.session_state.get(OPENED_KEY)
        if opened is None:
            st.write(t("room.section.intro"))
            st.segmented_control(t("room.section.form"), FORMS, key="room.form",
                                 default=FORMS[0], required=True,
                                 format_func=labels("room.section.forms"))
            st.button(t("room.section.open"), key="room.open", type="primary",
                      on_click=_open_room, icon=":material/groups:")
            sqlite_note()
            return
        invitation(opened)
        st.caption(t("room.section.kept"))
        # Collapsed: the workshop page is on the projector, the key must not be.
        with st.expander(t("room.section.facilitator_title"), icon=":material/key:"):
            st.markdown(t("room.section.facilitator"))
            st.code(facilitator_url(opened), language=None)
        st.link_button(t("room.section.projector"), facilitator_url(opened), type="primary",
                       icon=":material/co_present:")
        st.button(t("room.section.another"), key="room.another",
                  on_click=lambda: st.session_state.pop(OPENED_KEY, None))
        sqlite_note()


def invitation(room: rooms.Room | rooms.RoomSummary) -> None:
    """How to join: the code to type, the QR code to scan and the link."""
    url = _site_url("join", {ROOM_PARAM: room.join_token})
    left, right = st.columns((2, 1))
    with left, st.container(key="room-invitation"):
        st.caption(t("room.invite.how"))
        st.text(_site_url("join", {}))
        st.header(t("room.invite.code", code=rooms.display_code(room.code)))
        st.code(url, language=None)
    with right:
        st.image(qr_png(url), caption=t("room.invite.qr"), width=220,
                 alt=t("room.invite.qr_alt", code=rooms.display_code(room.code)))


# --- the join page ------------------------------------------------------------------
def _ref() -> str | None:
    value = st.query_params.get(ROOM_PARAM)
    return value[:rooms.MAX_REF_CHARS + 1] if value else None  # longer is refused unread


def _info(ref: str) -> rooms.RoomInfo:
    """The room of the link, looked up once per session (a look-up meets the rate limits)."""
    cached = st.session_state.get(INFO_KEY)
    if cached is not None and cached[0] == ref:
        return cached[1]
    info = store().room(ref, session=_session(), address=_address())
    st.session_state[INFO_KEY] = (ref, info)
    return info


def _join(ref: str) -> None:
    nickname = st.session_state.get("join.nickname") or None
    try:
        pid = store().join(ref, nickname, session=_session(), address=_address())
    except rooms.RoomError as err:
        st.session_state[ERROR_KEY] = err
        return
    st.query_params[ROOM_PARAM] = ref
    st.query_params[PARTICIPANT_PARAM] = pid


def _join_by_code() -> None:
    code = rooms.normalise_code(st.session_state.get("join.code", ""))
    st.session_state.pop(INFO_KEY, None)
    _join(code)


def _save(ref: str, pid: str, qid: str) -> None:
    try:
        store().save_answers(ref, pid, {qid: st.session_state[f"join.q.{qid}"]})
    except rooms.RoomError as err:
        st.session_state[ERROR_KEY] = err
        st.session_state.pop(INFO_KEY, None)  # closed or expired since: look again


def _start_again() -> None:
    st.query_params.pop(PARTICIPANT_PARAM, None)
    for key in [k for k in st.session_state if str(k).startswith("join.q.")]:
        del st.session_state[key]


def _code_form() -> None:
    with st.form("join-code", border=True):
        st.text_input(t("room.join.code"), key="join.code", max_chars=rooms.MAX_REF_CHARS,
                      placeholder=rooms.display_code(rooms.CODE_ALPHABET[:rooms.CODE_LENGTH]))
        st.text_input(t("room.join.nickname"), key="join.nickname",
                      max_chars=rooms.MAX_NICKNAME, help=t("room.join.nickname_help"))
        st.form_submit_button(t("room.join.go"), type="primary", on_click=_join_by_code,
                              key="join.go", width="stretch")


def join_page() -> None:
    """A participant's page: join with an optional nickname, then answer; made for a phone."""
    _page(wide=False)
    _language_choice()
    st.title(t("room.join.title"))
    shown = st.session_state.pop(ERROR_KEY, None)
    if shown is not None:
        _error(shown)
    ref = _ref()
    if ref is None:
        st.write(t("room.join.intro"))
        _code_form()
        return
    try:
        info = _info(ref)
    except rooms.RoomError as err:
        _error(err)
        _code_form()
        return
    pid = st.query_params.get(PARTICIPANT_PARAM)
    if pid is None:
        if info.closed:
            _error(rooms.RoomError("closed", ""))
            return
        st.write(t("room.join.welcome", count=number(len(info.questions))))
        st.text_input(t("room.join.nickname"), key="join.nickname",
                      max_chars=rooms.MAX_NICKNAME, help=t("room.join.nickname_help"))
        st.button(t("room.join.go"), key="join.go", type="primary", on_click=_join,
                  args=(ref,), width="stretch")
        st.caption(t("room.join.privacy"))
        return
    try:
        me = store().participant(ref, pid)
    except rooms.RoomError as err:
        _error(err)
        st.button(t("room.join.again"), key="join.again", on_click=_start_again)
        return
    questionnaire(ref, pid, info, me)


def questionnaire(ref: str, pid: str, info: rooms.RoomInfo, me: rooms.Participant) -> None:
    ss = st.session_state
    for qid, answer in me.answers.items():  # a reload: the answers given before
        ss.setdefault(f"join.q.{qid}", answer)
    name = me.nickname
    with st.container(key="join-status"):
        if name:
            st.text(t("room.join.as", nickname=name))
        done = sum(q in me.answers for q in info.questions)
        st.progress(done / len(info.questions),
                    text=t("room.join.progress", n=done, total=len(info.questions)))
        if info.closed:
            st.info(t("room.error.closed"), icon=":material/lock:")
        elif done == len(info.questions):
            st.success(t("room.join.finished"), icon=":material/check_circle:")
        else:
            st.caption(t("room.join.saved"))
    format_answer = labels("assessment.answer")
    for i, qid in enumerate(info.questions):
        with st.container(key=f"join-question-{qid}", border=True):
            st.radio(f"{i + 1}. {t(f'question.{qid}')}", ANSWERS, index=None,
                     key=f"join.q.{qid}", horizontal=True, format_func=format_answer,
                     on_change=_save, args=(ref, pid, qid), disabled=info.closed)


# --- the projector view -------------------------------------------------------------
def _scenario_params(summary: rooms.RoomSummary) -> dict[str, str]:
    params = encode(summary.scenario, base=preset(DEFAULT_PRESET))
    if summary.weeks != state.DEFAULT_WEEKS:
        params[state.WEEKS_KEY] = str(summary.weeks)
    params[LANG_KEY] = lang()
    return params


SPREAD_ROW = 30  # px a question's bar takes in the chart: readable from the back of the room


def _answer_names() -> dict[str, str]:
    """The spread's columns (each answer, then none) as the reader's language names them."""
    return {**{k: t(f"assessment.answer.{k}") for k in ANSWERS},
            "unanswered": t("room.view.unanswered")}


def spread_chart(spread: pd.DataFrame, height: int | None = None) -> alt.Chart:
    """Per question, how many answered yes, partly, no or nothing: stacked horizontal bars."""
    names = _answer_names()
    order = list(spread["question"])
    titles = {q: f"{order.index(q) + 1}. {t(f'question.{q}')}" for q in order}
    data = spread.melt(id_vars=["question"], value_vars=list(names), var_name="answer",
                       value_name="people")
    data["answer_name"] = data["answer"].map(names)
    data["rank"] = data["answer"].map({k: i for i, k in enumerate(names)})
    data["title"] = data["question"].map(titles)
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("title:N", sort=[titles[q] for q in order], title=None,
                axis=alt.Axis(labelLimit=520, labelOverlap=False)),
        x=alt.X("people:Q", title=t("room.view.people"), axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("answer_name:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=list(names.values()),
                                        range=[SPREAD_COLORS[k] for k in names])),
        order=alt.Order("rank:Q"),
        tooltip=[alt.Tooltip("title:N", title=t("room.view.question")),
                 alt.Tooltip("answer_name:N", title=t("room.view.answer")),
                 alt.Tooltip("people:Q", title=t("room.view.people"))],
    ).properties(title=t("room.view.spread_title"),
                 height=height or alt.Step(SPREAD_ROW))


def spread_table(spread: pd.DataFrame) -> pd.DataFrame:
    """The spread chart's numbers: a row per question, how many gave each answer."""
    table = pd.DataFrame({name: [number(n) for n in spread[k]]
                          for k, name in _answer_names().items()},
                         index=[f"{i}. {t(f'question.{q}')}"
                                for i, q in enumerate(spread["question"], 1)])
    table.index.name = t("room.view.question")
    return table


def stakes_table(stakes: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The money at stake per mistake for people: the median and the participants' range."""
    asked = stakes[stakes["answered"] > 0]
    return pd.DataFrame({
        t("assessment.col.mistake"): [mistake(m).title(lang()) for m in asked["mistake"]],
        t("room.view.col.stake"): [money(v, currency) for v in asked["at_stake"]],
        t("room.view.col.range"): [t("assessment.range_value", low=money(lo, currency),
                                     high=money(hi, currency))
                                   for lo, hi in zip(asked["low"], asked["high"])],
        t("room.view.col.answered"): [number(n) for n in asked["answered"]],
        t("room.view.col.risk"): [percent(s) for s in asked["score"]],
    })


def _disputed(summary: rooms.RoomSummary) -> None:
    st.subheader(t("room.view.disputed_title"))
    if summary.disagreements.empty:
        st.caption(t("room.view.disputed_none"))
        return
    spread = summary.spread
    for _, row in summary.disagreements.iterrows():
        mine = spread[spread["mistake"] == row["mistake"]]
        counts = mine[list(ANSWERS)].sum()
        st.markdown(t("room.view.disputed_item", mistake=mistake(row["mistake"]).title(lang()),
                      yes=int(counts["yes"]), partly=int(counts["partly"]),
                      no=int(counts["no"]),
                      low=money(row["low"], summary.scenario.currency),
                      high=money(row["high"], summary.scenario.currency)))


def _results(code: str, key: str) -> None:
    """The live part of the projector view: read again every REFRESH_SECONDS."""
    try:
        summary = store().summary(code, key)
    except rooms.RoomError as err:
        _error(err)
        return
    cur = summary.scenario.currency
    with st.container(key="room-counts", horizontal=True):
        st.metric(t("room.view.joined"), number(summary.joined), border=True)
        st.metric(t("room.view.finished"), number(summary.finished), border=True)
        st.metric(t("room.view.questions"), number(len(summary.questions)), border=True)
    if summary.closed:
        st.info(t("room.view.closed"), icon=":material/lock:")
    names = [n for n in summary.nicknames if n]
    if names:
        with st.container(key="room-names"):
            st.text(t("room.view.names", names=", ".join(names)))
    if not summary.joined:
        st.info(t("room.view.empty"))
        return
    _disputed(summary)
    asked = summary.stakes[summary.stakes["answered"] > 0]
    st.subheader(t("room.view.stakes_title", weeks=summary.weeks))
    if asked.empty:
        st.caption(t("room.view.no_answers"))
    else:
        data = pd.DataFrame({"mistake": [mistake(m).title(lang()) for m in asked["mistake"]],
                             "stake": asked["at_stake"]})
        with st.container(key="chart-room-stakes"):
            layout.draw(charts.ranked_bars_chart(
                data, "mistake", "stake", None, {"stake": theme.MADE},
                t("room.view.stakes_chart", weeks=summary.weeks), t("assessment.col.mistake"),
                t("room.view.col.stake")))
        with st.container(key="chart-table-room-stakes"):  # the chart's numbers, shown
            st.dataframe(stakes_table(summary.stakes, cur), hide_index=True, height="content")
        st.caption(t("room.view.stakes_note"))
    with st.container(key="chart-room-spread"):
        layout.draw(spread_chart(summary.spread), key="room-spread",
                    table=lambda: spread_table(summary.spread))
    language, link = lang(), _site_url("home", _scenario_params(summary))

    def report(write: Callable[..., str | bytes]) -> Callable[[], bytes]:
        def build() -> bytes:  # on click, on another thread: it reads no session state
            out = write(summary.scenario, summary.weeks, language, link=link, room=summary)
            return out.encode("utf-8") if isinstance(out, str) else out
        return build
    with st.container(key="room-files", horizontal=True):
        st.download_button(t("room.view.csv"), key="room.csv", icon=":material/download:",
                           data=lambda: to_csv(rooms.results_frame(summary, language), language),
                           file_name=f"room-{summary.code}.csv", mime="text/csv",
                           on_click="ignore")
        st.download_button(t("room.view.report_pdf"), key="room.report_pdf",
                           data=report(report_pdf), file_name=f"room-{summary.code}.pdf",
                           mime="application/pdf", on_click="ignore",
                           icon=":material/picture_as_pdf:")
        st.download_button(t("room.view.report_html"), key="room.report_html",
                           data=report(report_html), file_name=f"room-{summary.code}.html",
                           mime="text/html", on_click="ignore", icon=":material/summarize:")


def _close(code: str, key: str) -> None:
    try:
        store().close(code, key)
    except rooms.RoomError as err:
        st.session_state[ERROR_KEY] = err


def _delete(code: str, key: str) -> None:
    try:
        store().delete(code, key)
        st.session_state["room.deleted"] = code
    except rooms.RoomError as err:
        st.session_state[ERROR_KEY] = err


def room_page() -> None:
    """The facilitator's view of a room, for the projector: refreshes by itself."""
    _page(wide=True)
    code, key = st.query_params.get(ROOM_PARAM, ""), st.query_params.get(KEY_PARAM, "")
    shown = st.session_state.pop(ERROR_KEY, None)
    if shown is not None:
        _error(shown)
    if st.session_state.get("room.deleted") == code:
        st.success(t("room.view.deleted"), icon=":material/delete:")
        return
    try:
        summary = store().summary(code[:rooms.MAX_REF_CHARS + 1], key)
    except rooms.RoomError as err:
        _error(err)
        return
    st.title(t("room.view.title"))
    if not summary.closed:
        invitation(summary)
    st.fragment(run_every=REFRESH_SECONDS)(_results)(summary.code, key)
    st.subheader(t("room.view.load_title"))
    params = _scenario_params(summary)
    with st.container(key="room-load", horizontal=True):
        for page_id in ("home", "compare", "workshop"):
            st.link_button(t(f"room.view.load.{page_id}"), _site_url(page_id, params),
                           icon=":material/open_in_new:")
    with st.expander(t("room.view.manage"), icon=":material/settings:"):
        st.caption(t("room.view.expires", days=number(rooms.DEFAULT_TTL / 86400)))
        st.button(t("room.view.close"), key="room.close", on_click=_close, args=(code, key),
                  disabled=summary.closed)
        sure = st.checkbox(t("room.view.delete_sure"), key="room.delete_sure")
        st.button(t("room.view.delete"), key="room.delete", on_click=_delete,
                  args=(code, key), disabled=not sure, type="primary")
    sqlite_note()


def render(page_id: str) -> None:
    """A room page: ``join`` (participants) or ``room`` (the facilitator's view)."""
    {"join": join_page, "room": room_page}[page_id]()

