"""Workshop rooms: the aggregation as pure functions, and the store, the same tests on SQLite
and on a real PostgreSQL server (tests/postgres.py starts one)."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import sqlalchemy as sa

from smm_sim import Scenario, assess, rooms
from smm_sim.assessment import QUESTION_IDS, question
from smm_sim.export import to_csv
from smm_sim.i18n import LANGUAGES, translate
from smm_sim.mistakes import MISTAKE_IDS
from smm_sim.rooms import RoomError
from tests import postgres

BASE = Scenario(hours_per_week=10)
ALL_NO = {q: "no" for q in QUESTION_IDS}
ALL_YES = {q: "yes" for q in QUESTION_IDS}


# --- the aggregation ---------------------------------------------------------------------
def test_the_spread_counts_each_answer_and_half_yes_half_no_is_the_widest():
    answers = [{"one_owner": "yes"}, {"one_owner": "no"},
               {"one_owner": "yes", "plan_written": "no"}, {"one_owner": "no"}, {}]
    spread = rooms.answer_spread(answers, ("one_owner", "plan_written")).set_index("question")
    assert spread.loc["one_owner", ["yes", "partly", "no", "unanswered"]].tolist() == [2, 0, 2, 1]
    assert spread.loc["one_owner", "disagreement"] == pytest.approx(0.5)
    assert spread.loc["one_owner", "mistake"] == "no_roles"
    # one answer alone is no disagreement
    assert spread.loc["plan_written", "disagreement"] == 0.0
    unanimous = rooms.answer_spread([{"one_owner": "partly"}] * 3, ("one_owner",))
    assert unanimous["disagreement"].iloc[0] == 0.0


def test_one_participant_gets_the_money_at_stake_the_self_assessment_shows():
    given = {"one_owner": "no", "tasks_assigned": "partly", "plan_written": "no"}
    stakes = rooms.room_stakes([given], BASE).set_index("mistake")
    own = assess(given, BASE).ranking.set_index("mistake")
    for m in ("no_roles", "no_strategy"):
        assert stakes.loc[m, "at_stake"] == pytest.approx(own.loc[m, "at_stake"])
        assert stakes.loc[m, "low"] == stakes.loc[m, "high"] == stakes.loc[m, "at_stake"]
    # a mistake nobody spoke about has no figure, rather than the base scenario's
    assert stakes.loc["boring", "answered"] == 0 and np.isnan(stakes.loc["boring", "at_stake"])


def test_the_room_shows_the_median_and_the_extremes_across_participants():
    people = [{"one_owner": "yes"}, {"one_owner": "partly"}, {"one_owner": "no"}]
    stakes = rooms.room_stakes(people, BASE).set_index("mistake").loc["no_roles"]
    each = [rooms.participant_stakes(p, BASE)["no_roles"] for p in people]
    assert each[0] == 0.0 < each[1] < each[2]  # saying "no" puts the most money at stake
    assert (stakes["low"], stakes["at_stake"], stakes["high"]) == pytest.approx(
        (each[0], each[1], each[2]))
    assert stakes["answered"] == 3 and stakes["score"] == pytest.approx(0.5)


def test_the_most_disputed_mistakes_are_those_the_room_splits_on():
    people = [{"one_owner": "yes", "plan_written": "no", "daily_slot": "partly"},
              {"one_owner": "no", "plan_written": "no", "daily_slot": "yes"},
              {"one_owner": "yes", "plan_written": "no", "daily_slot": "yes"}]
    disputed = rooms.most_disputed(rooms.room_stakes(people, BASE))
    # everyone agrees there is no written plan: that is a finding, not a dispute
    assert "no_strategy" not in set(disputed["mistake"])
    assert list(disputed["mistake"]) == ["no_roles", "not_daily"]  # yes/no beats yes/partly
    agreed = rooms.most_disputed(rooms.room_stakes(people[:1], BASE))
    assert agreed.empty  # one person alone disputes nothing


def test_the_results_table_holds_every_question_and_mistake_in_the_readers_language():
    summary = rooms.summarise("ABCDEFGH", "t" * 32, "it", 52, BASE, QUESTION_IDS, 0.0, False,
                              [("=cmd|' /C calc'!A0", ALL_NO), (None, {"one_owner": "yes"})])
    assert (summary.joined, summary.finished) == (2, 1)
    frame = rooms.results_frame(summary, "it")
    assert len(frame) == len(QUESTION_IDS) + len(MISTAKE_IDS)
    assert translate("room.csv.mistake", "it") in frame.columns
    text = to_csv(frame, "it").decode()
    assert translate("question.one_owner", "it") in text
    assert "=cmd" not in text  # nicknames are not exported at all


# --- the store, on both databases --------------------------------------------------------
@pytest.fixture(scope="module")
def postgres_url():
    with postgres.for_tests() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rooms.sqlite'}"
    url = request.getfixturevalue("postgres_url")
    engine = sa.create_engine(url)
    rooms.metadata.drop_all(engine)  # each test starts on an empty database
    engine.dispose()
    return url


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(url, clock):
    s = rooms.connect(url, clock=clock)
    yield s
    s.dispose()


def kind(call) -> str:
    with pytest.raises(RoomError) as caught:
        call()
    return caught.value.kind


def count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_a_room_carries_its_scenario_and_answers_are_saved_as_given(store):
    scenario = BASE.replace(currency="EUR", hours_per_week=14)
    room = store.open_room(scenario, "es", weeks=104)
    assert len(room.code) == rooms.CODE_LENGTH and len(room.join_token) == 32
    ana = store.join(rooms.display_code(room.code).lower(), nickname="Ana")  # typed as read
    ben = store.join(room.join_token)  # the link
    store.save_answers(room.code, ana, {"one_owner": "no", "plan_written": "partly"})
    store.save_answers(room.code, ana, {"one_owner": "yes", "plan_written": None})  # edited
    store.save_answers(room.join_token, ben, ALL_NO)
    assert store.participant(room.code, ana).answers == {"one_owner": "yes"}
    assert store.participant(room.code, ben).answers == ALL_NO
    summary = store.summary(room.code, room.facilitator_key)
    assert summary.scenario == scenario and (summary.lang, summary.weeks) == ("es", 104)
    assert (summary.joined, summary.finished, summary.nicknames) == (2, 1, ("Ana", None))
    spread = summary.spread.set_index("question")
    assert spread.loc["one_owner", ["yes", "no"]].tolist() == [1, 1]
    assert summary.stakes.set_index("mistake").loc["no_roles", "high"] == pytest.approx(
        rooms.participant_stakes(ALL_NO, scenario, 104)["no_roles"])


def test_a_participant_reaches_only_their_own_answers(store):
    room, other = store.open_room(BASE, "en"), store.open_room(BASE, "en")
    mine = store.join(room.code)
    theirs = store.join(other.code)
    assert kind(lambda: store.participant(room.code, theirs)) == "tampered"
    assert kind(lambda: store.save_answers(room.code, theirs, ALL_NO)) == "tampered"
    assert kind(lambda: store.participant(room.code, mine[:-1] + "x")) == "tampered"
    assert kind(lambda: store.participant(room.code, "<script>")) == "tampered"
    # a participant's token is not the facilitator's key
    assert kind(lambda: store.summary(room.code, mine)) == "wrong_key"
    assert kind(lambda: store.summary(room.code, other.facilitator_key)) == "wrong_key"
    assert kind(lambda: store.delete(room.code, mine)) == "wrong_key"
    # the database keeps no secret in the clear
    with store.engine.connect() as conn:
        stored = str(conn.execute(sa.select(rooms.participants_table)).all()) \
            + str(conn.execute(sa.select(rooms.rooms_table)).all())
    assert mine not in stored and room.facilitator_key not in stored


def test_unknown_malformed_closed_and_expired_rooms_say_which(store, clock):
    room = store.open_room(BASE, "en")
    typo = ("A" if room.code[0] != "A" else "B") + room.code[1:]
    assert kind(lambda: store.join(typo)) == "unknown"
    assert kind(lambda: store.join("x" * 32)) == "unknown"  # a well-formed token of no room
    assert kind(lambda: store.join("ABC")) == "tampered"
    assert kind(lambda: store.join("0" * 8)) == "tampered"  # not the code's alphabet
    assert kind(lambda: store.join("A" * 10_000)) == "tampered"
    pid = store.join(room.code)
    store.close(room.code, room.facilitator_key)
    assert kind(lambda: store.join(room.code)) == "closed"
    assert kind(lambda: store.save_answers(room.code, pid, ALL_YES)) == "closed"
    assert store.summary(room.code, room.facilitator_key).closed  # results stay readable
    assert store.room(room.code).closed
    clock.now += rooms.DEFAULT_TTL
    assert kind(lambda: store.summary(room.code, room.facilitator_key)) == "expired"
    assert kind(lambda: store.join(room.code)) == "expired"


def test_an_expired_room_is_emptied_then_forgotten(store, clock):
    room = store.open_room(BASE, "en", ttl=3600)
    store.save_answers(room.code, store.join(room.code), ALL_NO)
    clock.now += 3600
    assert store.purge_expired() == 1
    assert count(store, rooms.participants_table) == count(store, rooms.answers_table) == 0
    assert kind(lambda: store.join(room.code)) == "expired"
    clock.now += rooms.TOMBSTONE
    store.purge_expired()
    assert kind(lambda: store.join(room.code)) == "unknown"
    assert count(store, rooms.rooms_table) == 0


def test_a_quiet_server_still_empties_its_expired_rooms(store, clock):
    room, later = store.open_room(BASE, "en", ttl=60), store.open_room(BASE, "en")
    store.save_answers(room.code, store.join(room.code), ALL_NO)
    clock.now += rooms.PURGE_EVERY
    store.summary(later.code, later.facilitator_key)  # no room opened: a summary sweeps
    assert count(store, rooms.participants_table) == count(store, rooms.answers_table) == 0


def test_deleting_a_room_deletes_everything_in_it_and_nothing_else(store):
    room, kept = store.open_room(BASE, "en"), store.open_room(BASE, "it")
    for r in (room, kept):
        for _ in range(3):
            store.save_answers(r.code, store.join(r.code, nickname="x"), ALL_NO)
    store.delete(room.code, room.facilitator_key)
    assert kind(lambda: store.join(room.code)) == "unknown"
    assert count(store, rooms.rooms_table) == 1
    assert count(store, rooms.participants_table) == 3
    assert count(store, rooms.answers_table) == 3 * len(QUESTION_IDS)
    assert store.summary(kept.code, kept.facilitator_key).joined == 3


def test_a_short_form_takes_only_its_questions(store):
    room = store.open_room(BASE, "en", questions=rooms.SHORT_FORM)
    assert {question(q).mistake for q in room.questions} == set(MISTAKE_IDS)
    pid = store.join(room.code)
    assert kind(lambda: store.save_answers(room.code, pid, ALL_NO)) == "answers"
    assert kind(lambda: store.save_answers(room.code, pid, {"one_owner": "maybe"})) == "answers"
    assert store.participant(room.code, pid).answers == {}  # a refused save saves nothing
    store.save_answers(room.code, pid, {q: "partly" for q in rooms.SHORT_FORM})
    assert store.summary(room.code, room.facilitator_key).finished == 1


def test_thirty_participants_answering_at_the_same_second_lose_nothing(store):
    room = store.open_room(BASE, "en")
    people, start, errors = 30, threading.Barrier(30), []
    patterns = [dict(zip(QUESTION_IDS, np.random.default_rng(i).choice(["yes", "partly", "no"],
                                                                        len(QUESTION_IDS))))
                for i in range(people)]

    def participant(i: int) -> None:
        try:
            start.wait()
            pid = store.join(room.join_token, nickname=f"p{i}")
            for qid, answer in patterns[i].items():  # one save per answer, as the page does
                store.save_answers(room.code, pid, {qid: str(answer)})
        except Exception as err:  # noqa: BLE001 - reported below with the others
            errors.append(err)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(people)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert count(store, rooms.participants_table) == people
    assert count(store, rooms.answers_table) == people * len(QUESTION_IDS)
    summary = store.summary(room.code, room.facilitator_key)
    assert (summary.joined, summary.finished) == (people, people)
    assert sorted(summary.nicknames) == sorted(f"p{i}" for i in range(people))
    expected = sum(list(p.values()).count("no") for p in patterns)
    assert summary.spread["no"].sum() == expected


def test_a_restart_and_a_second_replica_see_the_same_room(url, clock):
    first = rooms.connect(url, clock=clock)
    room = first.open_room(BASE, "it")
    pid = first.join(room.code, nickname="Ana")
    first.save_answers(room.code, pid, {"one_owner": "no"})
    replica = rooms.connect(url, clock=clock)
    replica.save_answers(room.code, pid, {"plan_written": "yes"})
    first.dispose()
    replica.dispose()
    restarted = rooms.connect(url, clock=clock)
    assert restarted.participant(room.code, pid).answers == {"one_owner": "no",
                                                             "plan_written": "yes"}
    assert restarted.summary(room.code, room.facilitator_key).nicknames == ("Ana",)
    restarted.dispose()


def test_the_schema_has_a_version_and_a_migration_path(url, clock, monkeypatch):
    store = rooms.connect(url, clock=clock)
    room = store.open_room(BASE, "en")
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(rooms.schema_table.c.version)).scalar_one() == 1
    store.dispose()

    def add_note(conn: sa.Connection) -> None:
        conn.execute(sa.text("ALTER TABLE smm_rooms ADD COLUMN note VARCHAR(20)"))

    monkeypatch.setattr(rooms, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(rooms.MIGRATIONS, 1, add_note)
    upgraded = rooms.connect(url, clock=clock)
    with upgraded.engine.connect() as conn:
        assert conn.execute(sa.select(rooms.schema_table.c.version)).scalar_one() == 2
        assert conn.execute(sa.text("SELECT note FROM smm_rooms")).all() == [(None,)]
    assert upgraded.room(room.code).code == room.code  # the rooms came through
    upgraded.dispose()
    monkeypatch.setattr(rooms, "SCHEMA_VERSION", 1)
    assert kind(lambda: rooms.connect(url, clock=clock)) == "newer_schema"


def test_nicknames_are_stored_as_given_within_their_limit(store):
    room = store.open_room(BASE, "en")
    marked = "<b>Zoë</b> & [x](y)"
    pid = store.join(room.code, nickname=marked)
    assert store.participant(room.code, pid).nickname == marked
    assert store.summary(room.code, room.facilitator_key).nicknames == (marked,)
    assert kind(lambda: store.join(room.code, nickname="n" * (rooms.MAX_NICKNAME + 1))) \
        == "nickname"
    assert kind(lambda: store.join(room.code, nickname="a\x00b")) == "nickname"
    assert store.participant(room.code, store.join(room.code, nickname="  ")).nickname is None


def test_a_flood_of_joins_and_guessed_codes_is_stopped(store, monkeypatch):
    monkeypatch.setattr(rooms, "MAX_PARTICIPANTS", 3)
    room = store.open_room(BASE, "en")
    for _ in range(3):
        store.join(room.code)
    assert kind(lambda: store.join(room.code)) == "full"
    # one session looking rooms up again and again
    burst = rooms.SESSION_LOOKUPS[0]
    other = store.open_room(BASE, "en")
    for _ in range(burst):
        store.room(other.code, session="session-1")
    assert kind(lambda: store.room(other.code, session="session-1")) == "rate_limited"
    assert store.room(other.code, session="session-2").code == other.code
    # one address guessing codes from many sessions: its misses run out, then even a good code
    misses = rooms.ADDRESS_MISSES[0]
    for i in range(misses):
        assert kind(lambda i=i: store.join("ZZZZ" + f"{i:04d}".translate(
            str.maketrans("01", "AB")), session=f"s{i}", address="10.0.0.9")) == "unknown"
    assert kind(lambda: store.join(other.code, session="fresh", address="10.0.0.9")) \
        == "rate_limited"


def test_a_limiter_refills_at_its_rate():
    now = [0.0]
    limiter = rooms.Limiter(burst=2, per_minute=6, clock=lambda: now[0])
    assert limiter.spend("a") and limiter.spend("a") and not limiter.spend("a")
    assert limiter.spend("b")  # identities are kept apart
    now[0] += 10  # one token in ten seconds
    assert limiter.spend("a") and not limiter.spend("a")
    small = rooms.Limiter(burst=1, per_minute=1, max_identities=2, clock=lambda: now[0])
    for name in "xyz":
        small.spend(name)
    assert len(small._buckets) == 2  # memory stays bounded


@pytest.mark.parametrize("error_kind", RoomError.KINDS)
def test_every_refusal_has_its_own_message_in_every_language(error_kind):
    error = RoomError(error_kind, "English for a notebook")
    texts = {lang: error.text(lang) for lang in LANGUAGES}
    assert all(text != error.key for text in texts.values())
    assert len(set(texts.values())) == len(LANGUAGES)


def test_a_database_out_of_reach_says_so():
    nowhere = f"postgresql+psycopg://smm@127.0.0.1:{postgres.free_port()}/x"  # nobody listens
    assert kind(lambda: rooms.connect(nowhere)) == "unavailable"


def test_the_default_database_is_a_file_unless_the_environment_names_one(monkeypatch, tmp_path):
    monkeypatch.delenv(rooms.URL_ENV, raising=False)
    monkeypatch.setenv(rooms.HOME_ENV, str(tmp_path / "home"))
    assert rooms.default_url() == f"sqlite:///{tmp_path / 'home' / rooms.DEFAULT_FILE}"
    monkeypatch.setenv(rooms.URL_ENV, "postgresql+psycopg://db/rooms")
    assert rooms.default_url() == "postgresql+psycopg://db/rooms"
