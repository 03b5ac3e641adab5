"""The page templates compiled once per process, whichever app renders them.

Jinja compiles a template to Python the first time an app renders it, and each app
has its own cache: a process that makes many apps (the test suite makes hundreds, the
``flask summary --format html`` command one each run) compiled the same templates over
and over, about 0.4 s for the pages of one patient. :data:`COMPILED` keeps each
template's compiled code, keyed by its file and the settings that change what Jinja
compiles, and checked against the template's text: a changed template is compiled
again. A server makes one app, so nothing changes for it.
"""

from __future__ import annotations

import threading

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache


def _compile_settings(environment: Environment) -> str:
    """What, besides the template's text, decides the code Jinja compiles for it."""
    autoescape = environment.autoescape
    return repr((environment.block_start_string, environment.block_end_string,
                 environment.variable_start_string, environment.variable_end_string,
                 environment.comment_start_string, environment.comment_end_string,
                 environment.line_statement_prefix, environment.line_comment_prefix,
                 environment.trim_blocks, environment.lstrip_blocks,
                 environment.newline_sequence, environment.keep_trailing_newline,
                 environment.optimized, sorted(environment.extensions),
                 getattr(autoescape, "__qualname__", autoescape)))


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, in memory, shared by every app of the process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get_bucket(self, environment: Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        """The cached code of template ``name`` as ``environment`` compiles it."""
        key = self.get_cache_key(f"{name}\0{_compile_settings(environment)}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # left empty if the template has changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        with self._lock:
            self._code[bucket.key] = code

    def clear(self) -> None:
        with self._lock:
            self._code.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._code)


#: The process's compiled templates (create_app gives them to each app's Jinja).
COMPILED = CompiledTemplates()
