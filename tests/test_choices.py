"""Choice questions: each patient sees their own ticks, and only theirs.

Every page is rendered afresh for each request; nothing one patient's page
showed is kept for another's.
"""

from __future__ import annotations

import re

import pytest
from conftest import Wizard


def ticked(html: str, question: str) -> list[str]:
    return re.findall(rf'name="{question}" value="([^"]+)" checked', html)


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
    for _ in range(2):  # and again, in turn
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


def test_on_every_page_each_patient_sees_exactly_their_own_ticks(app, questionnaire):
    """Two patients with different answers, loaded from their files, visit every page in turn."""
    import io

    from conftest import FIXTURES

    from webapp.engine.rules import walk

    names = ["older_adult_benzo_opioid", "young_adult_few_weeks", "student_borrowed_xanax"]
    patients = {}
    for name in names:
        wizard = Wizard(app.test_client())
        content = (FIXTURES / "patients" / f"{name}.json").read_bytes()
        response = wizard.submit("/resume", {"answers_file": (io.BytesIO(content), "a.json")},
                                 content_type="multipart/form-data")
        assert response.status_code == 302, name
        with wizard.client.session_transaction() as session:
            answers = dict(session["answers"])
        patients[name] = (wizard.client, answers, walk(questionnaire, answers))
    pages = [page for page in questionnaire.pages
             if any(q.options for q in page.questions)]
    compared = 0
    for page in pages:
        for name, (client, answers, path) in patients.items():
            if page not in path.pages:
                continue
            html = client.get(f"/page/{page.id}").get_data(as_text=True)
            for question in page.questions:
                if not question.options or question.id not in path.shown:
                    continue
                value = answers.get(question.id)
                expected = value if isinstance(value, list) else [value] if value else []
                assert sorted(ticked(html, question.id)) == sorted(expected), (name, question.id)
                compared += 1
    assert compared > 60, "most choice questions were compared"
