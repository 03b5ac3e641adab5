"""Wording checks that passed, remembered between starts, so a restart need not redo them.

Reading every text of questions.yaml and of each translated catalog with the wording rule
is most of an app's start (about 1.5 s of processor time with the word list it loads), and
each gunicorn worker and each restart paid it again. The answer depends only on its
inputs, so a check that passed is remembered as an empty file named by a digest of all of
them (:func:`wording_digest`): the questionnaire's text, each catalog's bytes, the rule's
own code and data (every file of ``webapp/engine``), the word list's dictionary and the
versions of the libraries that read them. A start with the same digest skips the check;
any change gives another digest, so the changed text is checked again. A refused check is
never remembered: the app refuses to start on it every time, as it always did.

``flask check`` never reads the record: it always checks everything.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path
from typing import Any

ENGINE = Path(__file__).resolve().parent
#: The libraries whose reading of the inputs the answer depends on.
LIBRARIES = ("pyspellchecker", "babel", "PyYAML")
#: What a passing check's record is called: this prefix, then the digest.
PREFIX = "wording-passed-"


def _checker_files() -> list[Path]:
    """The rule's code and data (webapp/engine), and the English word list it reads."""
    files = sorted(path for path in ENGINE.rglob("*")
                   if path.is_file() and path.suffix in (".py", ".yaml")
                   and "__pycache__" not in path.parts)
    spec = find_spec("spellchecker")
    if spec is not None and spec.origin is not None:
        files.append(Path(spec.origin).parent / "resources" / "en.json.gz")
    return files


def wording_digest(questions: str, catalogs: Iterable[Path]) -> str:
    """A digest of everything the wording check of ``questions`` (the questionnaire's text)
    and of the ``catalogs`` (.po files; a missing one counts as missing) depends on."""
    digest = hashlib.sha256(_checker_digest())
    _add(digest, "questions", questions.encode("utf-8"))
    for catalog in catalogs:
        _add(digest, f"catalog {catalog}", _bytes_or_missing(catalog))
    return digest.hexdigest()


@cache
def _checker_digest() -> bytes:
    """The digest of the rule itself, read once a process (tests make hundreds of apps)."""
    digest = hashlib.sha256()
    _add(digest, "python", sys.version.encode())
    for library in LIBRARIES:
        try:
            _add(digest, library, metadata.version(library).encode())
        except metadata.PackageNotFoundError:
            _add(digest, library, b"missing")
    for path in _checker_files():
        _add(digest, str(path.relative_to(ENGINE) if ENGINE in path.parents else path.name),
             _bytes_or_missing(path))
    return digest.digest()


def _add(digest: Any, label: str, data: bytes) -> None:
    digest.update(f"{label}\0{len(data)}\0".encode())
    digest.update(data)


def _bytes_or_missing(path: Path) -> bytes:
    try:
        return b"present\0" + path.read_bytes()
    except OSError:
        return b"missing"


def has_passed(folder: Path, digest: str) -> bool:
    """Whether a check with this ``digest`` passed before (its record is in ``folder``)."""
    return (folder / f"{PREFIX}{digest}").is_file()


def remember_passed(folder: Path, digest: str) -> bool:
    """Record that the check with this ``digest`` passed; False if ``folder`` cannot take
    it (read-only, full): the next start then checks again, which is only slower."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Written whole under another name, then renamed: a worker starting at the same
        # moment sees the record or none, never half of one.
        handle, temporary = tempfile.mkstemp(prefix=".wording-", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write("Every text passed the wording rule; see webapp/engine/"
                       "wording_record.py.\n")
        os.replace(temporary, folder / f"{PREFIX}{digest}")
        _forget_old(folder)
    except OSError:
        return False
    return True


#: How many records a folder keeps (the newest): one for each recent version of the inputs.
KEPT = 8


def _forget_old(folder: Path) -> None:
    """Remove all but the :data:`KEPT` newest records (another worker may remove the same)."""
    records = sorted(folder.glob(f"{PREFIX}*"), key=_modified, reverse=True)
    for old in records[KEPT:]:
        old.unlink(missing_ok=True)


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
