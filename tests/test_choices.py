"""Choice questions rendered once and reused (webapp/fragments.py): each patient sees their own."""

from __future__ import annotations

import re

import pytest
from conftest import Wizard

from webapp.fragments import RenderedOnce


def ticked(html: str, question: str) -> list[str]:
    return re.findall(rf'name="{question}" value="([^"]+)" checked', html)


def test_output_is_kept_per_key_and_lists_count_by_their_items():
    calls = []

    def macro(*args):
        calls.append(args)
        return f"<p>{args}</p>"

    once = RenderedOnce()
    first = once(("choice", "q", ["a", "b"]), macro, 1)
    assert once(("choice", "q", ["a", "b"]), macro, 1) == first
    assert once(("choice", "q", ["a"]), macro, 2) == "<p>(2,)</p>"
    assert len(calls) == 2 and len(once) == 2


def test_a_key_of_none_is_rendered_every_time_and_never_kept():
    once = RenderedOnce()
    assert once(None, lambda text: text, "<b>error</b>") == "<b>error</b>"
    assert once(None, lambda text: text, "other") == "other"
    assert len(once) == 0


def test_the_cache_stops_growing_at_its_limit_but_still_renders():
    once = RenderedOnce(limit=3)
    outputs = [once(("k", n), lambda n: f"<i>{n}</i>", n) for n in range(10)]
    assert outputs == [f"<i>{n}</i>" for n in range(10)]
    assert len(once) == 3


def test_patients_see_their_own_ticks_on_a_shared_page(app):
    patients = {"first": ["falling_asleep", "waking_early"], "second": ["sleepy_day"],
                "third": []}
    wizards = {name: Wizard(app.test_client()) for name in patients}
    for name, wizard in wizards.items():
        assert wizard.answer("about-you", {"age_band": "age_40_64"}).status_code == 302
        assert wizard.answer("visit-goal", {}).status_code == 302
        if patients[name]:
            response = wizard.answer("sleep-pattern", {
                "sleep_problems": patients[name], "nights_a_week": "3",
                "problem_duration": "over_a_year"})
            assert response.status_code == 302
    for _ in range(2):  # the second time round, from what was kept
        for name, wizard in wizards.items():
            html = wizard.client.get("/page/sleep-pattern").get_data(as_text=True)
            assert ticked(html, "sleep_problems") == patients[name], name


@pytest.mark.parametrize("junk", ["not-an-option", "<script>x</script>"])
def test_a_choice_with_an_error_elsewhere_keeps_the_patients_ticks(app, junk):
    wizard = Wizard(app.test_client())
    wizard.answer("about-you", {"age_band": "age_40_64"})
    wizard.answer("visit-goal", {})
    response = wizard.answer("sleep-pattern", {"sleep_problems": ["waking_early", junk],
                                               "nights_a_week": "many"})
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert ticked(html, "sleep_problems") == ["waking_early"]
    assert "<script>x</script>" not in html
