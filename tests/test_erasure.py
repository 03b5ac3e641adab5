"""Deleted and expired answers leave no byte behind in any file of the embedded store."""

from __future__ import annotations

import sqlite3
import time
import uuid
from datetime import timedelta
from pathlib import Path

from conftest import MINIMAL_ANSWERS, Wizard, make_app

import webapp.storage.session_db


def copies_on_disk(folder: Path, marker: str) -> dict[str, int]:
    """How many times ``marker`` is in each file of ``folder`` (the database, -wal, -shm...).

    Searched as stored (UTF-8 JSON) and, to be safe, as UTF-16 too.
    """
    forms = [marker.encode("utf-8"), marker.encode("utf-16-le"), marker.encode("utf-16-be")]
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            count = sum(data.count(form) for form in forms)
            if count:
                found[path.name] = count
    return found


def type_marker(client) -> str:
    """A patient types a unique marker into two answers and walks on to the end."""
    marker = f"Marker-{uuid.uuid4().hex[:12]}"
    Wizard(client).walk({**MINIMAL_ANSWERS, "visit-goal": {"visit_goal": f"Goal {marker}"},
                         "your-questions": {"own_questions": f"Ask {marker}"}})
    assert marker in client.get("/summary").get_data(as_text=True)
    return marker


def test_no_byte_of_deleted_answers_remains_in_any_file(app):
    client = app.test_client()
    marker = type_marker(client)
    folder = Path(app.instance_path)
    assert copies_on_disk(folder, marker), "the marker was stored (the search works)"
    for _ in range(3):  # more saves leave more copies in the write-ahead log
        Wizard(client).answer("visit-goal", {"visit_goal": f"Goal again {marker}"})

    response = Wizard(client).submit("/delete")
    assert response.location == "/"
    assert copies_on_disk(folder, marker) == {}
    assert marker not in client.get("/check").get_data(as_text=True)


def test_deleting_one_patient_leaves_another_patients_answers(app):
    other = app.test_client()
    kept = type_marker(other)
    leaving = app.test_client()
    gone = type_marker(leaving)
    Wizard(leaving).submit("/delete")
    folder = Path(app.instance_path)
    assert copies_on_disk(folder, gone) == {}
    assert kept in other.get("/summary").get_data(as_text=True)


def test_expired_answers_leave_no_byte_behind_on_an_idle_server(tmp_path, request):
    """Answers that expire are swept from every file on time, with no request arriving."""
    lifetime = 2  # seconds: far below what a clinic may set (6 minutes), so set directly
    app = make_app(tmp_path, "embedded", request, EXPIRED_SWEEP_SECONDS=0.2)
    app.permanent_session_lifetime = timedelta(seconds=lifetime)
    marker = type_marker(app.test_client())
    last_click = time.monotonic()
    assert copies_on_disk(tmp_path, marker)
    # The sweep runs every 0.2 s; without it nothing would go until a request came. The
    # wide margin is for a machine busy with other tests, not for the sweep.
    deadline = last_click + lifetime + 30
    while copies_on_disk(tmp_path, marker) and time.monotonic() < deadline:
        time.sleep(0.2)  # no request is made while waiting
    gone_after = time.monotonic() - last_click
    assert copies_on_disk(tmp_path, marker) == {}, \
        f"still on disk {gone_after:.0f} s after the last click"


def test_a_reader_keeping_the_log_busy_only_delays_the_erasure_to_the_next_sweep(
        tmp_path, request, monkeypatch):
    monkeypatch.setattr(webapp.storage.session_db, "BUSY_TIMEOUT", 0.2)
    app = make_app(tmp_path, "embedded", request, EXPIRED_SWEEP_SECONDS=0.2)
    client = app.test_client()
    marker = type_marker(client)
    reader = sqlite3.connect(tmp_path / "sessions.sqlite3", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM sessions").fetchone()  # holds a snapshot
    Wizard(client).submit("/delete")
    assert copies_on_disk(tmp_path, marker), "the reader kept the log from being emptied"
    reader.execute("COMMIT")
    reader.close()
    deadline = time.monotonic() + 10
    while copies_on_disk(tmp_path, marker) and time.monotonic() < deadline:
        time.sleep(0.1)  # the sweep erases it; no request is made
    assert copies_on_disk(tmp_path, marker) == {}
