"""Realistic patients, each with the exact talking points they must get.

Every answers file in tests/fixtures/patients/ is a believable person who filled in
the questionnaire as a real patient would. EXPECTED is worked out by reading the
rules in questions.yaml; a change to a rule that moves a patient's points must
change this table on purpose.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from webapp.answer_file import read_answers
from webapp.cli import summary_command
from webapp.guardrail import check_texts
from webapp.rules import walk
from webapp.summary import authored_texts, build_summary

PATIENTS = FIXTURES / "patients"

#: Fixture name -> the talking point ids the patient must get, in order (safety first).
EXPECTED: dict[str, list[str]] = {
    # 65+, Klonopin for years with oxycodone, wine at bedtime, groggy when driving, a fall.
    "older_adult_benzo_opioid": [
        "opioid-with-sedative", "alcohol-with-sedating-medicine", "stopping-safely",
        "grogginess-and-driving", "memory-or-falls-older", "long-term-use", "anxiety-and-sleep",
        "sleep-apnea-signs", "chronic-insomnia", "sleep-habits"],
    # Student, exams, a few weeks of trouble falling asleep; no medicines.
    "young_adult_few_weeks": ["nothing-flagged"],
    # Sober four years, no medicines yet, hoping to ask about Klonopin; GAD-7 11.
    "recovery_asking_about_clonazepam": [
        "substance-history", "anxiety-and-sleep", "chronic-insomnia", "sleep-habits"],
    # 40-64, restless legs, Unisom most nights, groggy mornings and drives.
    "restless_legs_unisom": [
        "grogginess-and-driving", "antihistamine-sleep-aid", "chronic-insomnia", "restless-legs"],
    # Truck driver: loud snoring, pauses seen by his wife, sleepy at the wheel, no sleep medicine.
    "snoring_with_pauses": [
        "drowsy-driving", "sleep-apnea-signs", "chronic-insomnia", "sleep-habits"],
    # 20 weeks pregnant, lorazepam now and then for night-time panic, wants to stop.
    "pregnant_lorazepam_as_needed": [
        "stopping-safely", "pregnancy-and-medicines", "long-term-use", "anxiety-and-sleep",
        "sleep-habits"],
    # Epilepsy, Klonopin for eight years with Keppra, foggy, ran out once, wants to come off.
    "epilepsy_clonazepam_wants_to_stop": [
        "stopping-safely", "seizures-and-benzodiazepine", "grogginess-and-driving",
        "long-term-use", "memory-or-falls", "chronic-insomnia"],
    # Zolpidem for months, cooked in his sleep, needs more; AUDIT-C 3 (a man: below cut-off).
    "sleepwalking_on_zolpidem": [
        "stopping-safely", "complex-sleep-behaviours", "long-term-use", "needing-more",
        "chronic-insomnia", "sleep-habits"],
    # Night-shift nurse: evening caffeine, screens, melatonin, drowsy driving home.
    "shift_worker_melatonin": [
        "drowsy-driving", "sleep-apnea-signs", "chronic-insomnia", "sleep-habits"],
    # GAD-7 17; sertraline, trazodone, gabapentin, hydroxyzine; extra trazodone; wine (AUDIT-C 3).
    "midlife_anxiety_several_medicines": [
        "alcohol-with-sedating-medicine", "grogginess-and-driving", "needing-more",
        "drugs-with-sedating-medicine", "several-brain-medicines", "anxiety-and-sleep",
        "memory-or-falls",
        "antihistamine-sleep-aid", "chronic-insomnia", "sleep-habits"],
    # Hot flashes, two bad nights a week for a few weeks, reads her phone in bed; no medicines.
    "perimenopause_early_waking": ["sleep-habits"],
    # Retired, up at 4, valerian some nights, no side effects.
    "retiree_valerian_early_waking": ["chronic-insomnia"],
    # 65+, Tylenol PM most nights for years, a fall and forgetfulness; does not drive.
    "older_adult_tylenol_pm": ["memory-or-falls-older", "antihistamine-older", "chronic-insomnia"],
    # Student, sex not given, a roommate's Xanax, beers at bedtime, worries keep them up.
    "student_borrowed_xanax": [
        "alcohol-with-sedating-medicine", "needing-more", "drugs-with-sedating-medicine",
        "anxiety-and-sleep", "sleep-habits"],
}

#: People for whom nothing alarming may be said.
LOW_RISK = ["young_adult_few_weeks", "perimenopause_early_waking", "retiree_valerian_early_waking"]

NAMES = sorted(EXPECTED)


def read(name: str, questionnaire):
    return read_answers((PATIENTS / f"{name}.json").read_bytes(), questionnaire)


def run_summary(name: str, fmt: str):
    return CliRunner().invoke(summary_command, [str(PATIENTS / f"{name}.json"), "--format", fmt])


def test_the_table_covers_every_patient_file():
    files = sorted(path.stem for path in PATIENTS.glob("*.json"))
    assert files == NAMES
    assert len(files) >= 10
    assert set(LOW_RISK) <= set(EXPECTED)


@pytest.mark.parametrize("name", NAMES)
def test_answers_file_reads_without_problems_and_answers_only_shown_questions(
        name, questionnaire):
    result = read(name, questionnaire)
    assert result.problems == []
    path = walk(questionnaire, result.answers)
    hidden = sorted(set(result.answers) - path.shown)
    assert hidden == [], f"{name} answers questions a patient would not be shown: {hidden}"
    assert path.answers == result.answers


@pytest.mark.parametrize("name", NAMES)
def test_patient_gets_exactly_the_expected_points_safety_first(name, questionnaire):
    summary = build_summary(questionnaire, read(name, questionnaire).answers)
    ids = [point.id for point in summary.talking_points]
    assert ids == EXPECTED[name]
    safety = [point.is_safety for point in summary.talking_points]
    assert safety == sorted(safety, reverse=True), "safety points come first"


@pytest.mark.parametrize("name", NAMES)
def test_summary_command_renders_every_format(name):
    for fmt in ("text", "json", "html"):
        result = run_summary(name, fmt)
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
        assert result.stdout.strip()
        if fmt == "json":
            data = json.loads(result.stdout)
            assert [point["id"] for point in data["talking_points"]] == EXPECTED[name]
        elif fmt == "html":
            assert result.stdout.lstrip().startswith("<!doctype html>")
        else:
            assert "Talking points" in result.stdout


@pytest.mark.parametrize("name", NAMES)
def test_every_text_the_app_wrote_passes_the_guardrail(name, questionnaire):
    summary = build_summary(questionnaire, read(name, questionnaire).answers)
    assert check_texts(authored_texts(summary), questionnaire.wording_names) == []


@pytest.mark.parametrize("name", NAMES)
def test_patients_own_words_are_quoted_as_theirs(name, questionnaire):
    answers = read(name, questionnaire).answers
    text = run_summary(name, "text").stdout
    goal, own = answers.get("visit_goal"), answers.get("own_questions")
    assert goal or own, f"{name} wrote nothing in their own words"
    if goal:
        assert f'What I most want from this visit (you wrote):\n  "{goal}"' in text
    if own:
        assert f'You wrote: "{own}"' in text


@pytest.mark.parametrize("name", LOW_RISK)
def test_low_risk_patients_get_no_safety_point(name, questionnaire):
    summary = build_summary(questionnaire, read(name, questionnaire).answers)
    assert not any(point.is_safety for point in summary.talking_points)
    assert not any(point.priority == "important" for point in summary.talking_points)
