"""Read a file named on the command line or in a setting, refusing what no real file would be.

``flask check`` and ``flask summary`` read a path a clinic types. ``/dev/zero``
never ends, a named pipe waits forever for a writer, and a huge file fills the
memory. :func:`read_small_file` opens without waiting, reads only a regular
file, and never more than its limit plus one byte.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class FileRefused(OSError):
    """The file cannot be read as asked; the message says why in plain words."""


def read_small_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``; FileRefused if it is anything else or too big.

    ``limit`` is in bytes. Other OSErrors (missing, no permission) pass through.
    """
    # O_NONBLOCK: opening a named pipe would otherwise wait for a writer.
    descriptor = os.open(Path(path), os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise FileRefused("This is not a regular file: it is a device, a pipe or a folder.")
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(limit + 1)  # the file may have grown since its size was known
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise FileRefused(f"This file is larger than {_size(limit)}.")
    return data


def _size(limit: int) -> str:
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1000} KB"
