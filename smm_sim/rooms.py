"""Workshop rooms: participants answer the self-assessment on their phones, the facilitator
sees the room's diagnosis. The store (a database through SQLAlchemy Core) and the aggregation
(pure functions: the room's answers in, spreads and money at stake out), without Streamlit.

>>> store = connect("sqlite://")              # SMM_SIM_DATABASE_URL, or a file, when None
>>> room = store.open_room(Scenario(), "en")
>>> pid = store.join(room.code, nickname="Ana")
>>> store.save_answers(room.code, pid, {"one_owner": "no"})
>>> store.summary(room.code, room.facilitator_key).joined
1

A room is reached by its short code (typed) or its join token (the link); a participant by the
secret token :meth:`RoomStore.join` returns, which reads and edits that participant's answers
and nothing else; the facilitator by the key :meth:`RoomStore.open_room` returns. The database
keeps only hashes of the participant tokens and of the facilitator key. Every refusal is a
:class:`RoomError` whose ``kind`` says which (unknown, expired, closed, ...).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa

from .assessment import (QUESTION_IDS, RISK, check_answers, implied_scenario, question,
                         scores)
from .i18n import LANGUAGES, translate
from .mistakes import MISTAKE_IDS, mistakes_ranked
from .scenario import Scenario

URL_ENV = "SMM_SIM_DATABASE_URL"
HOME_ENV = "SMM_SIM_HOME"  # the folder of the default SQLite file, ~/.smm_sim when unset
DEFAULT_FILE = "rooms.sqlite"
SCHEMA_VERSION = 1
# Codes are typed from a projector: no 0/O, 1/I/L. 31 signs, 8 long: 8.5e11 codes, so a
# guess at the miss limit below finds one of a thousand open rooms once in 40 million years.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
TOKEN_BYTES = 24  # join token, participant token, facilitator key: 32 URL-safe characters
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}")
DEFAULT_TTL = 7 * 24 * 3600.0  # seconds a room stays open to answers and to its facilitator
TOMBSTONE = 24 * 3600.0  # an expired room says "expired" (not "unknown") this long, empty
PURGE_EVERY = 3600.0  # seconds between two sweeps of expired rooms by one store
MAX_NICKNAME = 40  # characters of a nickname; longer ones are refused, not cut
MAX_PARTICIPANTS = 200  # per room: a flood of joins stops here
MAX_REF_CHARS = 64  # a code or token longer than this is refused unread
HORIZONS = (26, 52, 104)
SHORT_FORM = ("plan_written", "goals_in_money", "few_networks", "one_owner", "daily_slot",
              "steady_effort", "hours_priced", "sales_traced", "sales_and_finance",
              "invites_answers", "personal_replies")  # one question per mistake
TOP_DISAGREEMENTS = 3


class RoomError(Exception):
    """A room refused an action: ``kind`` says why, ``key`` is its text in the catalogs
    (``room.error.<kind>``, in every language), the message is English for a notebook."""

    KINDS = ("unknown", "expired", "closed", "wrong_key", "tampered", "rate_limited", "full",
             "nickname", "answers", "scenario", "newer_schema", "unavailable")

    def __init__(self, kind: str, message: str) -> None:
        if kind not in self.KINDS:
            raise ValueError(f"kind must be one of {', '.join(self.KINDS)}; got {kind!r}")
        super().__init__(message)
        self.kind = kind
        self.key = f"room.error.{kind}"

    def text(self, lang: str = "en") -> str:
        return translate(self.key, lang, nickname=MAX_NICKNAME, participants=MAX_PARTICIPANTS)


# --- rate limits -------------------------------------------------------------------------
class Limiter:
    """Token buckets per identity (a session, an address): ``burst`` at once, then ``per_minute``.

    Kept in memory by each process: behind several replicas each keeps its own, so the limit
    an address meets is at most the replicas' count times this one. Bounded: the oldest
    identities are forgotten past ``max_identities``.
    """

    def __init__(self, burst: float, per_minute: float, max_identities: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.burst, self.rate = float(burst), per_minute / 60.0
        self.max_identities, self.clock = max_identities, clock
        self._buckets: dict[str, tuple[float, float]] = {}  # identity -> (tokens, at)
        self._lock = threading.Lock()

    def _level(self, identity: str, now: float) -> float:
        tokens, at = self._buckets.get(identity, (self.burst, now))
        return min(self.burst, tokens + (now - at) * self.rate)

    def allows(self, identity: str) -> bool:
        """Whether ``identity`` has a token left (spends none)."""
        with self._lock:
            return self._level(identity, self.clock()) >= 1.0

    def spend(self, identity: str) -> bool:
        """Take one token from ``identity``; False (and nothing taken) when none is left."""
        with self._lock:
            now = self.clock()
            tokens = self._level(identity, now)
            if tokens < 1.0:
                return False
            self._buckets.pop(identity, None)  # re-inserted last: the dict stays oldest first
            self._buckets[identity] = (tokens - 1.0, now)
            while len(self._buckets) > self.max_identities:
                del self._buckets[next(iter(self._buckets))]
            return True


# Every look-up of a room by a session (a join, a reload); a workshop needs a handful.
SESSION_LOOKUPS = (10, 6.0)  # burst, per minute
# Look-ups of a room that does not exist, per address: a whole room behind one office's
# address still mistypes its code now and then; enumeration needs millions.
ADDRESS_MISSES = (20, 2.0)


# --- the schema --------------------------------------------------------------------------
metadata = sa.MetaData()
schema_table = sa.Table(
    "smm_schema", metadata,
    sa.Column("id", sa.Integer, primary_key=True),  # always 1: one row, however many replicas
    sa.Column("version", sa.Integer, nullable=False))
rooms_table = sa.Table(
    "smm_rooms", metadata,
    sa.Column("code", sa.String(CODE_LENGTH), primary_key=True),
    sa.Column("join_token", sa.String(32), nullable=False, unique=True),
    sa.Column("key_hash", sa.String(64), nullable=False),
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("weeks", sa.Integer, nullable=False),
    sa.Column("questions", sa.Text, nullable=False),  # JSON list of question ids
    sa.Column("scenario", sa.Text, nullable=False),  # Scenario.to_json()
    sa.Column("created_at", sa.Float, nullable=False),  # seconds since the epoch
    sa.Column("expires_at", sa.Float, nullable=False, index=True),
    sa.Column("closed_at", sa.Float, nullable=True))
participants_table = sa.Table(
    "smm_participants", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("room", sa.String(CODE_LENGTH),
              sa.ForeignKey("smm_rooms.code", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),  # 1, 2, ... in the order of joining
    sa.Column("nickname", sa.String(MAX_NICKNAME), nullable=True),
    sa.Column("joined_at", sa.Float, nullable=False))
answers_table = sa.Table(
    "smm_answers", metadata,
    sa.Column("participant", sa.String(64),
              sa.ForeignKey("smm_participants.token_hash", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("question", sa.String(40), primary_key=True),
    sa.Column("answer", sa.String(8), nullable=False),
    sa.Column("saved_at", sa.Float, nullable=False))

# From version v to v + 1: a function of a connection inside the upgrade's transaction. A new
# schema adds its step here and raises SCHEMA_VERSION; tests/test_rooms.py runs the path.
MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {}


def default_url() -> str:
    """``SMM_SIM_DATABASE_URL``, else a SQLite file in ``SMM_SIM_HOME`` (or ``~/.smm_sim``)."""
    url = os.environ.get(URL_ENV, "").strip()
    if url:
        return url
    folder = Path(os.environ.get(HOME_ENV) or Path.home() / ".smm_sim")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / DEFAULT_FILE}"


def _engine(url: str) -> sa.Engine:
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN below, not the driver's
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")  # the cascade that deletes a room's rows
        if ":memory:" not in url and url.rstrip("/") != "sqlite:":
            cursor.execute("PRAGMA journal_mode = WAL")  # readers do not wait for a writer
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _sqlite_begin(connection: sa.Connection) -> None:
        # A write lock from the start: a deferred transaction that reads, then writes, fails
        # at once when another writer got there first, however long the busy timeout.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _migrate(engine: sa.Engine) -> None:
    """Create the tables that are missing, then bring the schema to SCHEMA_VERSION."""
    metadata.create_all(engine, checkfirst=True)
    with engine.begin() as conn:
        row = conn.execute(sa.select(schema_table.c.version)).first()
        if row is None:
            try:
                with conn.begin_nested():
                    conn.execute(schema_table.insert().values(id=1, version=SCHEMA_VERSION))
                return
            except sa.exc.IntegrityError:  # another replica wrote it between the two
                row = conn.execute(sa.select(schema_table.c.version)).one()
        version = row.version
        if version > SCHEMA_VERSION:
            raise RoomError("newer_schema", f"the database holds schema version {version}; "
                            f"this code knows up to {SCHEMA_VERSION}: update the app")
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](conn)
            version += 1
        conn.execute(schema_table.update().values(version=version))


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def normalise_code(text: str) -> str:
    """A typed code as stored: upper case, without the spaces and dashes people add."""
    return re.sub(r"[\s-]", "", str(text)).upper()


def display_code(code: str) -> str:
    """A code as people read it aloud: two groups of four."""
    return f"{code[:4]}-{code[4:]}"


def check_nickname(nickname: str | None) -> str | None:
    """The nickname as given, or None for none; too long or with control characters refused.
    It is stored as given and shown as plain text wherever it appears."""
    if nickname is None:
        return None
    if not isinstance(nickname, str):
        raise RoomError("nickname", f"a nickname is text; got {type(nickname).__name__}")
    if len(nickname) > MAX_NICKNAME:
        raise RoomError("nickname", f"a nickname has at most {MAX_NICKNAME} characters; "
                        f"got {len(nickname)}")
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in nickname):
        raise RoomError("nickname", "a nickname holds no control characters")
    return nickname if nickname.strip() else None


# --- rooms and their store ---------------------------------------------------------------
@dataclass(frozen=True)
class Room:
    """A room as its facilitator gets it from :meth:`RoomStore.open_room`."""

    code: str
    join_token: str
    facilitator_key: str
    lang: str
    weeks: int
    questions: tuple[str, ...]
    expires_at: float


@dataclass(frozen=True)
class RoomInfo:
    """What a participant may know of a room: its language and questions, whether it is open."""

    code: str
    join_token: str
    lang: str
    weeks: int
    questions: tuple[str, ...]
    expires_at: float
    closed: bool


@dataclass(frozen=True)
class Participant:
    """One participant's own view: their number in the room, nickname and answers."""

    seq: int
    nickname: str | None
    answers: Mapping[str, str]


@dataclass(frozen=True)
class RoomSummary:
    """The room's data for its facilitator (see :func:`summarise` for the frames)."""

    code: str
    join_token: str
    lang: str
    weeks: int
    scenario: Scenario
    questions: tuple[str, ...]
    expires_at: float
    closed: bool
    joined: int
    finished: int  # participants who answered every question of the room's form
    nicknames: tuple[str | None, ...]  # in the order of joining
    spread: pd.DataFrame  # per question (answer_spread)
    stakes: pd.DataFrame  # per mistake (room_stakes)
    disagreements: pd.DataFrame  # the mistakes the room disagrees on most (most_disputed)


def _reached(method: Callable[..., Any]) -> Callable[..., Any]:
    """The database out of reach (down, refusing, a bad URL) is a RoomError "unavailable"."""
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as err:
            raise RoomError("unavailable", f"the rooms' database cannot be reached: "
                            f"{type(err.orig or err).__name__}") from err
    return call


class RoomStore:
    """Rooms in one database; safe to share between threads (each call is one transaction)."""

    @_reached
    def __init__(self, engine: sa.Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine, self.clock = engine, clock
        self.lookups = Limiter(*SESSION_LOOKUPS)
        self.misses = Limiter(*ADDRESS_MISSES)
        self._purged_at = -math.inf
        _migrate(engine)

    def dispose(self) -> None:
        self.engine.dispose()

    # -- the facilitator ------------------------------------------------------------------
    @_reached
    def open_room(self, scenario: Scenario, lang: str, questions: Iterable[str] | None = None,
                  weeks: int = 52, ttl: float = DEFAULT_TTL) -> Room:
        """A new room priced on ``scenario`` over ``weeks``, in ``lang``, asking ``questions``
        (every question when None; :data:`SHORT_FORM` is one a mistake), open ``ttl`` seconds."""
        if not isinstance(scenario, Scenario):
            raise RoomError("scenario", f"a room needs a Scenario; got {type(scenario).__name__}")
        if lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r}")
        if weeks not in HORIZONS:
            raise ValueError(f"weeks must be one of {HORIZONS}; got {weeks!r}")
        chosen = QUESTION_IDS if questions is None else tuple(questions)
        for qid in chosen:
            question(qid)  # refuses an unknown id
        if not chosen or len(set(chosen)) != len(chosen):
            raise ValueError("a room asks at least one question, each once")
        chosen = tuple(q for q in QUESTION_IDS if q in chosen)  # the questionnaire's order
        if not (isinstance(ttl, (int, float)) and math.isfinite(ttl) and ttl > 0):
            raise ValueError(f"ttl must be a positive number of seconds; got {ttl!r}")
        now = self.clock()
        self.purge_expired()
        key = _token()
        while True:  # a clash of random codes is rare: try another
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            token = _token()
            try:
                with self.engine.begin() as conn:
                    conn.execute(rooms_table.insert().values(
                        code=code, join_token=token, key_hash=_hash(key), lang=lang,
                        weeks=weeks, questions=json.dumps(chosen), scenario=scenario.to_json(),
                        created_at=now, expires_at=now + ttl, closed_at=None))
                break
            except sa.exc.IntegrityError:
                continue
        return Room(code, token, key, lang, weeks, chosen, now + ttl)

    def _sweep(self) -> None:
        if self.clock() - self._purged_at >= PURGE_EVERY:
            self.purge_expired()

    def _facilitator_row(self, conn: sa.Connection, code: str, key: str) -> Any:
        row = self._row(conn, code, allow_closed=True)
        if not isinstance(key, str) or not hmac.compare_digest(_hash(key), row.key_hash):
            raise RoomError("wrong_key", "this is not the facilitator key of that room")
        return row

    @_reached
    def summary(self, code: str, facilitator_key: str) -> RoomSummary:
        """The room's participants, spreads and money at stake (also once it is closed)."""
        self._sweep()
        with self.engine.begin() as conn:
            row = self._facilitator_row(conn, code, facilitator_key)
            people = conn.execute(
                sa.select(participants_table.c.token_hash, participants_table.c.nickname)
                .where(participants_table.c.room == row.code)
                .order_by(participants_table.c.seq)).all()
            given = conn.execute(
                sa.select(answers_table.c.participant, answers_table.c.question,
                          answers_table.c.answer)
                .join(participants_table,
                      participants_table.c.token_hash == answers_table.c.participant)
                .where(participants_table.c.room == row.code)).all()
        by_person: dict[str, dict[str, str]] = {p.token_hash: {} for p in people}
        for participant, qid, answer in given:
            by_person[participant][qid] = answer
        return summarise(row.code, row.join_token, row.lang, row.weeks,
                         Scenario.from_json(row.scenario), tuple(json.loads(row.questions)),
                         row.expires_at, row.closed_at is not None,
                         [(p.nickname, by_person[p.token_hash]) for p in people])

    @_reached
    def close(self, code: str, facilitator_key: str) -> None:
        """Take no more joins or answers; the facilitator still sees the results."""
        with self.engine.begin() as conn:
            row = self._facilitator_row(conn, code, facilitator_key)
            if row.closed_at is None:
                conn.execute(rooms_table.update().where(rooms_table.c.code == row.code)
                             .values(closed_at=self.clock()))

    @_reached
    def delete(self, code: str, facilitator_key: str) -> None:
        """Delete the room with every participant and answer in it."""
        with self.engine.begin() as conn:
            row = self._facilitator_row(conn, code, facilitator_key)
            _delete_rooms(conn, [row.code])

    @_reached
    def purge_expired(self) -> int:
        """Empty the rooms past their expiry, and forget them a day later; how many emptied.
        Opening a room sweeps, and so do joins and summaries once in PURGE_EVERY."""
        now = self._purged_at = self.clock()
        with self.engine.begin() as conn:
            expired = list(conn.execute(sa.select(rooms_table.c.code)
                                        .where(rooms_table.c.expires_at <= now)).scalars())
            gone = list(conn.execute(sa.select(rooms_table.c.code)
                                     .where(rooms_table.c.expires_at <= now - TOMBSTONE))
                        .scalars())
            _delete_participants(conn, expired)
            _delete_rooms(conn, gone)
        return len(expired)

    # -- participants ---------------------------------------------------------------------
    def _row(self, conn: sa.Connection, ref: str, allow_closed: bool = False,
             lock: bool = False) -> Any:
        """The room a code or join token names, or the RoomError that says why not."""
        if not isinstance(ref, str) or len(ref) > MAX_REF_CHARS:
            raise RoomError("tampered", "a room is named by its code or its join token")
        query = sa.select(rooms_table)
        if TOKEN_PATTERN.fullmatch(ref):
            query = query.where(rooms_table.c.join_token == ref)
        else:
            code = normalise_code(ref)
            if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
                raise RoomError("tampered", f"a code has {CODE_LENGTH} letters and digits")
            query = query.where(rooms_table.c.code == code)
        row = conn.execute(query.with_for_update() if lock else query).first()
        if row is None:
            raise RoomError("unknown", "no room has this code")
        if row.expires_at <= self.clock():
            raise RoomError("expired", "this room has expired")
        if row.closed_at is not None and not allow_closed:
            raise RoomError("closed", "the facilitator has closed this room")
        return row

    def _limited(self, session: str | None, address: str | None) -> None:
        if (session is not None and not self.lookups.spend(session)) \
                or (address is not None and not self.misses.allows(address)):
            raise RoomError("rate_limited", "too many attempts: wait a minute")

    def _missed(self, err: RoomError, address: str | None) -> None:
        if address is not None and err.kind in ("unknown", "tampered"):
            self.misses.spend(address)

    @_reached
    def room(self, ref: str, session: str | None = None,
             address: str | None = None) -> RoomInfo:
        """The room a code or join token names, as a participant may see it. A ``session``
        meets a limit on look-ups, an ``address`` (shared by a whole office) one on misses."""
        self._limited(session, address)
        try:
            with self.engine.begin() as conn:
                row = self._row(conn, ref, allow_closed=True)
        except RoomError as err:
            self._missed(err, address)
            raise
        return RoomInfo(row.code, row.join_token, row.lang, row.weeks,
                        tuple(json.loads(row.questions)), row.expires_at,
                        row.closed_at is not None)

    @_reached
    def join(self, ref: str, nickname: str | None = None, session: str | None = None,
             address: str | None = None) -> str:
        """Join the room a code or join token names; the participant's secret token. The rate
        limits are those of :meth:`room`."""
        nickname = check_nickname(nickname)
        self._limited(session, address)
        self._sweep()
        token = _token()
        try:
            with self.engine.begin() as conn:
                row = self._row(conn, ref, lock=True)  # the lock counts joins one at a time
                seq = conn.execute(sa.select(sa.func.count())
                                   .where(participants_table.c.room == row.code)).scalar_one()
                if seq >= MAX_PARTICIPANTS:
                    raise RoomError("full", f"a room takes at most {MAX_PARTICIPANTS} people")
                conn.execute(participants_table.insert().values(
                    token_hash=_hash(token), room=row.code, seq=seq + 1, nickname=nickname,
                    joined_at=self.clock()))
        except RoomError as err:
            self._missed(err, address)
            raise
        return token

    def _participant(self, conn: sa.Connection, room_code: str, pid: str) -> Any:
        if not isinstance(pid, str) or not TOKEN_PATTERN.fullmatch(pid):
            raise RoomError("tampered", "this participant link is not one the room gave")
        row = conn.execute(sa.select(participants_table).where(
            participants_table.c.token_hash == _hash(pid))).first()
        if row is None or row.room != room_code:
            raise RoomError("tampered", "this participant link is not one the room gave")
        return row

    @_reached
    def participant(self, ref: str, pid: str) -> Participant:
        """A participant's own nickname and answers (also once the room is closed)."""
        with self.engine.begin() as conn:
            room = self._row(conn, ref, allow_closed=True)
            row = self._participant(conn, room.code, pid)
            given = conn.execute(sa.select(answers_table.c.question, answers_table.c.answer)
                                 .where(answers_table.c.participant == row.token_hash)).all()
        return Participant(row.seq, row.nickname, dict(given))

    @_reached
    def save_answers(self, ref: str, pid: str, answers: Mapping[str, Any]) -> None:
        """Save answers as ``assess`` takes them (question id → yes, partly, no; None takes an
        answer back). Questions left out keep their saved answer."""
        try:
            clean = check_answers(answers)
        except ValueError as err:
            raise RoomError("answers", str(err)) from None
        with self.engine.begin() as conn:
            room = self._row(conn, ref)
            asked = set(json.loads(room.questions))
            outside = sorted(set(answers) - asked)
            if outside:
                raise RoomError("answers", f"this room does not ask {', '.join(outside)}")
            person = self._participant(conn, room.code, pid).token_hash
            dropped = [q for q in answers if q not in clean]
            if dropped:
                conn.execute(answers_table.delete().where(
                    answers_table.c.participant == person,
                    answers_table.c.question.in_(dropped)))
            now = self.clock()
            for qid, answer in clean.items():
                _upsert_answer(conn, person, qid, answer, now)


def _upsert_answer(conn: sa.Connection, person: str, qid: str, answer: str, now: float) -> None:
    values = {"participant": person, "question": qid, "answer": answer, "saved_at": now}
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = (sa.dialects.sqlite.insert if dialect == "sqlite"
                  else sa.dialects.postgresql.insert)(answers_table).values(**values)
        conn.execute(insert.on_conflict_do_update(
            index_elements=["participant", "question"],
            set_={"answer": insert.excluded.answer, "saved_at": insert.excluded.saved_at}))
        return
    where = (answers_table.c.participant == person, answers_table.c.question == qid)
    if not conn.execute(answers_table.update().where(*where)
                        .values(answer=answer, saved_at=now)).rowcount:
        conn.execute(answers_table.insert().values(**values))


def _delete_participants(conn: sa.Connection, codes: list[str]) -> None:
    """Their answers first: a database without cascading foreign keys leaves none behind."""
    if not codes:
        return
    people = sa.select(participants_table.c.token_hash).where(
        participants_table.c.room.in_(codes))
    conn.execute(answers_table.delete().where(answers_table.c.participant.in_(people)))
    conn.execute(participants_table.delete().where(participants_table.c.room.in_(codes)))


def _delete_rooms(conn: sa.Connection, codes: list[str]) -> None:
    _delete_participants(conn, codes)
    if codes:
        conn.execute(rooms_table.delete().where(rooms_table.c.code.in_(codes)))


def connect(url: str | None = None, clock: Callable[[], float] = time.time) -> RoomStore:
    """The rooms in the database at ``url`` (a SQLAlchemy URL), created or migrated as needed;
    ``SMM_SIM_DATABASE_URL`` or a SQLite file in ``~/.smm_sim`` when ``url`` is None."""
    return RoomStore(_engine(url or default_url()), clock)


# --- the aggregation: pure functions -----------------------------------------------------
def _disagreement(risks: Sequence[float]) -> float:
    """How far apart answers lie: the standard deviation of their risks (0 all agree; 0.5
    half say yes, half say no); 0 for fewer than two answers."""
    return float(np.std(risks)) if len(risks) > 1 else 0.0


def answer_spread(answers: Sequence[Mapping[str, str]],
                  questions: Sequence[str] = QUESTION_IDS) -> pd.DataFrame:
    """Per question of ``questions`` (one row each, in that order): the mistake it asks about,
    how many participants answered yes, partly, no or nothing, and their ``disagreement``."""
    rows = []
    for qid in questions:
        given = [a[qid] for a in answers if a.get(qid) is not None]
        counts = {k: given.count(k) for k in RISK}
        rows.append({"question": qid, "mistake": question(qid).mistake, **counts,
                     "unanswered": len(answers) - len(given),
                     "disagreement": _disagreement([RISK[g] for g in given])})
    return pd.DataFrame(rows, columns=["question", "mistake", *RISK, "unanswered",
                                       "disagreement"])


@functools.lru_cache(maxsize=512)
def _stakes_of(answers: tuple[tuple[str, str], ...], scenario: Scenario,
               weeks: int) -> tuple[float, ...]:
    ranked = mistakes_ranked(implied_scenario(dict(answers), scenario), weeks)
    return tuple(ranked.set_index("mistake").loc[list(MISTAKE_IDS), "at_stake"])


def participant_stakes(answers: Mapping[str, str], scenario: Scenario,
                       weeks: int = 52) -> dict[str, float]:
    """Per mistake, the money fixing it brings on the scenario one participant's answers imply
    (the at_stake of :func:`smm_sim.assessment.assess`); cached on the answers."""
    key = tuple(sorted(check_answers(answers).items()))
    return dict(zip(MISTAKE_IDS, _stakes_of(key, scenario, weeks)))


def room_stakes(answers: Sequence[Mapping[str, str]], scenario: Scenario,
                weeks: int = 52) -> pd.DataFrame:
    """Per mistake, over the participants who answered a question about it: ``answered`` (how
    many), ``score`` (mean of their scores), ``disagreement`` (spread of their scores), and
    the money at stake on each one's implied scenario as ``at_stake`` (median), ``low`` and
    ``high`` (the extremes). Rows ordered by the median, the most money first; a mistake
    nobody spoke about comes last with its figures empty (NaN)."""
    people = [a for a in answers if check_answers(a)]
    money = [participant_stakes(a, scenario, weeks) for a in people]
    said_by = [scores(a) for a in people]
    rows = []
    for m in MISTAKE_IDS:
        said = [(i, s[m]) for i, s in enumerate(said_by) if s[m] is not None]
        stake = np.array([money[i][m] for i, _ in said])  # only those who spoke about it
        risks = [r for _, r in said]
        rows.append({"mistake": m, "answered": len(said),
                     "score": float(np.mean(risks)) if said else math.nan,
                     "disagreement": _disagreement(risks),
                     "at_stake": float(np.median(stake)) if said else math.nan,
                     "low": float(stake.min()) if said else math.nan,
                     "high": float(stake.max()) if said else math.nan})
    frame = pd.DataFrame(rows)
    return frame.sort_values("at_stake", ascending=False, ignore_index=True, kind="stable")


def most_disputed(stakes: pd.DataFrame, top: int = TOP_DISAGREEMENTS) -> pd.DataFrame:
    """The ``top`` mistakes the room disagrees on most (rows of :func:`room_stakes` with some
    disagreement), the widest money range breaking ties."""
    widths = stakes.assign(width=stakes["high"] - stakes["low"])
    disputed = widths[widths["disagreement"] > 0]
    return disputed.sort_values(["disagreement", "width"], ascending=False, kind="stable") \
        .head(top).drop(columns="width").reset_index(drop=True)


def summarise(code: str, join_token: str, lang: str, weeks: int, scenario: Scenario,
              questions: tuple[str, ...], expires_at: float, closed: bool,
              people: Sequence[tuple[str | None, Mapping[str, str]]]) -> RoomSummary:
    """The room's summary from its participants (nickname, answers), in the order of joining."""
    answers = [a for _, a in people]
    stakes = room_stakes(answers, scenario, weeks)
    return RoomSummary(
        code=code, join_token=join_token, lang=lang, weeks=weeks, scenario=scenario,
        questions=questions, expires_at=expires_at, closed=closed, joined=len(people),
        finished=sum(all(q in a for q in questions) for a in answers),
        nicknames=tuple(n for n, _ in people), spread=answer_spread(answers, questions),
        stakes=stakes, disagreements=most_disputed(stakes))


def results_frame(summary: RoomSummary, lang: str = "en") -> pd.DataFrame:
    """The room's results as one table for a spreadsheet: a row per question, then a row per
    mistake, headers in ``lang`` (pass it to :func:`smm_sim.export.to_csv`)."""
    def t(key: str) -> str:
        return translate(f"room.csv.{key}", lang)
    spread = summary.spread
    stakes = summary.stakes.set_index("mistake")
    rows = [{t("kind"): t("question"), t("item"): translate(f"question.{q}", lang),
             t("mistake"): translate(f"mistake.{m}.title", lang), t("yes"): y, t("partly"): p,
             t("no"): n, t("unanswered"): u, t("disagreement"): d}
            for q, m, y, p, n, u, d in spread.itertuples(index=False, name=None)]
    for m in MISTAKE_IDS:
        s = stakes.loc[m]
        rows.append({t("kind"): t("mistake"), t("item"): translate(f"mistake.{m}.title", lang),
                     t("mistake"): translate(f"mistake.{m}.title", lang),
                     t("answered"): s["answered"], t("score"): s["score"],
                     t("disagreement"): s["disagreement"], t("at_stake"): s["at_stake"],
                     t("low"): s["low"], t("high"): s["high"]})
    columns = [t(k) for k in ("kind", "item", "mistake", "yes", "partly", "no", "unanswered",
                              "answered", "score", "disagreement", "at_stake", "low", "high")]
    return pd.DataFrame(rows, columns=columns)


__all__ = ["Room", "RoomError", "RoomInfo", "RoomStore", "RoomSummary", "SHORT_FORM",
           "answer_spread", "connect", "most_disputed", "participant_stakes", "results_frame",
           "room_stakes", "summarise"]
