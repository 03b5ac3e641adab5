"""The embedded answer store (webapp/storage/session_db.py) through cachelib's interface."""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest

from webapp.storage.session_db import SessionDatabase

ANSWERS = {"answers": {"age_band": "age_65_plus", "medicine_list": [{"name": "Klonopin"}]},
           "seen": ["about-you"], "_flashes": [["info", "Saved."]]}


@pytest.fixture
def db(tmp_path) -> SessionDatabase:
    return SessionDatabase(tmp_path / "sessions.sqlite3")


def test_a_session_reads_back_as_it_was_written(db):
    assert db.get("btv:a") is None
    db.set("btv:a", ANSWERS, timeout=3600)
    assert db.get("btv:a") == ANSWERS
    db.set("btv:a", {"answers": {}}, timeout=3600)
    assert db.get("btv:a") == {"answers": {}}, "a second write replaces the first"


@pytest.mark.parametrize("timeout, seconds_later, live", [
    (0, 10 * 365 * 86400, True),  # 0: never expires
    (3600, 3590, True),
    (3600, 3610, False),
])
def test_lifetime(db, monkeypatch, timeout, seconds_later, live):
    db.set("btv:a", ANSWERS, timeout=timeout)
    later = time.time() + seconds_later
    monkeypatch.setattr(time, "time", lambda: later)
    assert (db.get("btv:a") == ANSWERS) is live
    assert db.has("btv:a") is live
    assert db.purge_expired() == (0 if live else 1)
    assert db.count() == (1 if live else 0)


def test_delete_and_clear(db):
    db.set("btv:a", ANSWERS, timeout=60)
    db.set("btv:b", ANSWERS, timeout=60)
    assert db.delete("btv:a") is True
    assert db.delete("btv:a") is False
    assert db.get("btv:a") is None and db.get("btv:b") == ANSWERS
    db.clear()
    assert db.count() == 0


def test_add_never_overwrites_a_live_session(db):
    assert db.add("btv:a", ANSWERS, timeout=60) is True
    assert db.add("btv:a", {"answers": {}}, timeout=60) is False
    assert db.get("btv:a") == ANSWERS


def test_only_json_values_are_stored_never_pickled_objects(db):
    with pytest.raises(TypeError):
        db.set("btv:a", {"answers": object()}, timeout=60)
    assert db.get("btv:a") is None


def test_two_stores_on_one_file_see_each_others_writes(db, tmp_path):
    other = SessionDatabase(tmp_path / "sessions.sqlite3")
    db.set("btv:a", ANSWERS, timeout=60)
    assert other.get("btv:a") == ANSWERS
    other.delete("btv:a")
    assert db.get("btv:a") is None


def _write_many(path: str, worker: int) -> None:
    store = SessionDatabase(path)
    for number in range(200):
        store.set(f"btv:{worker}-{number}", {"answers": {"n": number}}, timeout=60)


def test_workers_writing_at_once_lose_nothing(db):
    """Processes (gunicorn's sync workers) and threads (gthread) writing at the same time."""
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_write_many, args=(str(db.path), n)) for n in range(3)]
    threads = [threading.Thread(target=_write_many, args=(str(db.path), n)) for n in (3, 4)]
    for worker in (*processes, *threads):
        worker.start()
    for worker in (*processes, *threads):
        worker.join(timeout=60)
    assert [process.exitcode for process in processes] == [0, 0, 0]
    assert db.count() == 5 * 200
    assert db.get("btv:4-199") == {"answers": {"n": 199}}


def _boot(path: str, results) -> None:  # noqa: ANN001
    try:
        SessionDatabase(path).set("btv:a", {"answers": {}}, timeout=60)
        results.put("ok")
    except Exception as error:  # noqa: BLE001  (reported to the test)
        results.put(repr(error))


def test_workers_starting_together_on_a_new_file_all_start(tmp_path):
    """gunicorn starts its workers at once; turning on WAL raced ("database is locked")."""
    context = multiprocessing.get_context("fork")
    outcomes = []
    for round_number in range(50):
        path = str(tmp_path / f"sessions-{round_number}.sqlite3")
        results = context.Queue()
        workers = [context.Process(target=_boot, args=(path, results)) for _ in range(4)]
        for worker in workers:
            worker.start()
        outcomes += [results.get(timeout=30) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
    assert [o for o in outcomes if o != "ok"] == []
    assert len(outcomes) == 200
