"""The benchmark's client walks the real app: every page it expects is still there.

`make bench` drives the app with a client that runs no script and checks each page it
gets. When a page changes (the printed sheet's headings, say), that client must change
with it, or the benchmark reports errors instead of figures. The full benchmark runs only
in `make bench` and `make test-deep`; this walks three fixture patients through the whole
questionnaire under gunicorn, as the benchmark does, in a few seconds.
"""

from __future__ import annotations

from bench import server
from bench.generate import QUESTIONS
from bench.patients import plans as make_plans
from bench.run import walk_every_plan
from webapp.engine.loader import load_questionnaire

#: A patient with no medicines, one with several, and the heaviest.
PATIENTS = ("young_adult_few_weeks", "older_adult_benzo_opioid",
            "midlife_anxiety_several_medicines")


def test_the_benchmarks_client_finishes_the_questionnaire_with_no_script(tmp_path):
    plans = [plan for plan in make_plans(load_questionnaire(QUESTIONS))
             if plan.name in PATIENTS]
    assert [plan.name for plan in plans] == sorted(PATIENTS)
    with server.gunicorn(server.APP, server.app_env(tmp_path / "instance", None),
                         tmp_path / "gunicorn.log", 1, 1) as port:
        assert walk_every_plan(port, plans, "embedded") == []
