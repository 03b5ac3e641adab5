"""gunicorn's settings for Before the Visit: gunicorn reads this file from the folder it
starts in (the README's commands start it here), for the app and the benchmark's
hello-world ceiling alike.

Python's cyclic garbage collector, with its default thresholds, runs its youngest pass
every 700 container objects created: several times within each page a worker makes, each
time walking the page's objects still being built, and passing them to older generations
that a later full pass walks again, with everything the app loaded at start-up (the
questionnaire in each language, the medicine list, the compiled templates). A worker that
has loaded the app moves what it loaded out of the collector's sight (``gc.freeze``: it is
kept for the worker's life anyway) and collects the young generation every 10,000 new
objects instead: a page's own objects are mostly freed before a pass comes. Cycles are
still collected, later; a worker's memory is no different to speak of.
"""

from __future__ import annotations

import gc
from typing import Any

#: Container objects created between two passes over the youngest generation (Python's
#: default: 700); the older generations keep Python's default of every 10 younger passes.
YOUNG_GENERATION = 10_000


def post_worker_init(worker: Any) -> None:
    """Once a worker has loaded the app: freeze what it loaded, collect young objects less
    often."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION, middle, old)
