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

from webapp.engine.answer_file import read_answers
from webapp.engine.guardrail import check_texts
from webapp.engine.rules import walk
from webapp.engine.sheet_text import authored_texts
from webapp.engine.summary import build_summary
from webapp.web.cli import summary_command

PATIENTS = FIXTURES / "patients"

#: Fixture name -> the talking point ids the patient must get, in order (safety first).
EXPECTED: dict[str, list[str]] = {
    # 65+, Klonopin for years with oxycodone, wine at bedtime, groggy when driving, a fall.
    # (The Beers point for a benzodiazepine at 65 or older is new: review H5.)
    "older_adult_benzo_opioid": [
        "opioid-with-sedative", "alcohol-with-sedating-medicine", "stopping-safely",
        "grogginess-and-driving", "memory-or-falls-older", "older-adult-benzodiazepine-or-z-drug",
        "long-term-use", "anxiety-and-sleep", "sleep-apnea-signs", "chronic-insomnia",
        "sleep-habits"],
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
        "drowsy-driving", "sleep-apnea-signs", "daytime-sleepiness", "chronic-insomnia",
        "sleep-habits"],
    # 20 weeks pregnant, lorazepam now and then for night-time panic, wants to stop; drives
    # (driving on a sleep medicine with no grogginess ticked is new: review N5).
    "pregnant_lorazepam_as_needed": [
        "stopping-safely", "pregnancy-and-medicines", "long-term-use",
        "driving-on-sleep-medicine", "anxiety-and-sleep", "sleep-habits"],
    # Epilepsy, Klonopin for eight years with Keppra, foggy, ran out once, wants to come off.
    # (Memory problems on a sedating medicine are "important" under 65: review U15.)
    "epilepsy_clonazepam_wants_to_stop": [
        "stopping-safely", "seizures-and-benzodiazepine", "grogginess-and-driving",
        "long-term-use", "memory-or-falls-on-sedating-medicine", "chronic-insomnia"],
    # Zolpidem for months, cooked in his sleep, needs more; AUDIT-C 3 (a man: below cut-off);
    # drives, no grogginess ticked (review N5).
    "sleepwalking_on_zolpidem": [
        "complex-sleep-behaviors", "stopping-safely", "long-term-use", "needing-more",
        "driving-on-sleep-medicine", "chronic-insomnia", "sleep-habits"],
    # Night-shift nurse: evening caffeine, screens, melatonin, drowsy driving home. No sleep
    # apnea alarm on shift work and sleepy driving alone (review U4). AUDIT-C 4 and hoping for
    # a sleep medicine (the review's section 4 gap).
    "shift_worker_melatonin": [
        "drowsy-driving", "alcohol-and-hoping-for-a-medicine", "daytime-sleepiness",
        "chronic-insomnia", "sleep-habits"],
    # GAD-7 17; sertraline, trazodone, gabapentin, hydroxyzine; extra trazodone; wine (AUDIT-C 3).
    # 40-64: no Beers "three or more" point (review W7); hydroxyzine for panic is no sleep aid
    # (U3); dizziness on sedating medicines is "important" (U15).
    "midlife_anxiety_several_medicines": [
        "alcohol-with-sedating-medicine", "grogginess-and-driving", "needing-more",
        "drugs-with-sedating-medicine", "memory-or-falls-on-sedating-medicine",
        "anxiety-and-sleep", "chronic-insomnia", "sleep-habits"],
    # Hot flashes, two bad nights a week for a few weeks, reads her phone in bed; no medicines.
    "perimenopause_early_waking": ["sleep-habits"],
    # The same, with a 14-night sleep diary (issue 17): the diary's point joins hers.
    "diary_fourteen_nights_early_waking": ["sleep-habits", "sleep-diary"],
    # Retired, up at 4, valerian some nights, no side effects.
    "retiree_valerian_early_waking": ["chronic-insomnia"],
    # 65+, Tylenol PM most nights for years, a fall and forgetfulness; does not drive; long
    # naps (now one of the habits the habits point names).
    "older_adult_tylenol_pm": [
        "memory-or-falls-older", "antihistamine-older", "chronic-insomnia", "sleep-habits"],
    # Student, sex not given, a roommate's Xanax, beers at bedtime, worries keep them up.
    "student_borrowed_xanax": [
        "alcohol-with-sedating-medicine", "needing-more", "drugs-with-sedating-medicine",
        "anxiety-and-sleep", "daytime-sleepiness", "benzodiazepine-or-z-drug", "sleep-habits"],

    # --- issue 12: the clinical review's patients -----------------------------------------
    # Chest cold: promethazine with codeine from urgent care, Xanax for years; groggy, drives,
    # snores. The codeine in the syrup is an opioid (H3).
    "cough_syrup_with_codeine_and_xanax": [
        "opioid-with-sedative", "grogginess-and-driving", "long-term-use", "sleep-apnea-signs",
        "sleep-habits"],
    # Two teeth out: Tylenol #3 (codeine) with her Xanax for panic; drives (H3, N5).
    "tylenol_3_after_dental_work_and_xanax": [
        "opioid-with-sedative", "long-term-use", "driving-on-sleep-medicine"],
    # Back injury: typed "Klonopin and oxycodone" on one line, as in her pill box (H3).
    "klonopin_and_oxycodone_on_one_line": [
        "opioid-with-sedative", "long-term-use", "anxiety-and-sleep", "chronic-insomnia",
        "sleep-habits"],
    # 65+, lorazepam every night for years, feels fine, ticks no side effect (H5).
    "retired_teacher_lorazepam_feels_fine": [
        "older-adult-benzodiazepine-or-z-drug", "long-term-use"],
    # 65+, oxycodone, tramadol and gabapentin from two prescribers, no side effects (H2, W7).
    "older_man_oxycodone_tramadol_gabapentin": [
        "opioid-with-gabapentinoid", "opioid-with-other-sedating-medicine",
        "several-brain-medicines", "chronic-insomnia"],
    # 65+, widowed, Lunesta for three weeks; worries at night, long naps (H5).
    "widow_lunesta_three_weeks": [
        "older-adult-benzodiazepine-or-z-drug", "anxiety-and-sleep", "chronic-insomnia",
        "sleep-habits"],
    # Epilepsy well controlled on Onfi and Lamictal for years; never told "short-term" (H1).
    "epilepsy_onfi_for_years_sleeps_badly": [
        "seizures-and-benzodiazepine", "long-term-use", "chronic-insomnia", "sleep-habits"],
    # Found in the kitchen at 3 in the morning on temazepam; groggy, drives (H7).
    "sleepwalking_on_temazepam": [
        "sleep-behaviors", "grogginess-and-driving", "long-term-use", "chronic-insomnia",
        "sleep-habits"],
    # Planning a pregnancy, thinking about coming off Effexor (W12).
    "thinking_of_stopping_venlafaxine": ["stopping-safely", "pregnancy-and-medicines"],
    # After back surgery: OxyContin and Lyrica, foggy and dizzy, drinks, snores (H2).
    "back_pain_oxycodone_and_lyrica": [
        "opioid-with-gabapentinoid", "alcohol-with-sedating-medicine", "grogginess-and-driving",
        "memory-or-falls-on-sedating-medicine", "sleep-apnea-signs", "daytime-sleepiness",
        "sleep-habits"],
    # 10 weeks pregnant, Diclegis for morning sickness: no antihistamine sleep-aid alarm (U3).
    "pregnant_diclegis_for_morning_sickness": [
        "pregnancy-and-medicines", "daytime-sleepiness"],
    # Night-shift guard, sleepy on the drive home, does not snore: no sleep apnea alarm (U4).
    "night_security_guard_no_snoring": [
        "drowsy-driving", "daytime-sleepiness", "chronic-insomnia", "sleep-habits"],
    # Healthy 30-year-old on lisinopril and Restasis: nothing alarming (Restasis is not a
    # sleep aid, lisinopril is recognized as another medicine).
    "healthy_thirty_lisinopril_restasis": ["nothing-flagged"],
    # Hydroxyzine for panic attacks, not for sleep: no sleep-aid point (U3).
    "hydroxyzine_for_panic_attacks": ["nothing-flagged"],
    # Visiting from Sydney: Endone (oxycodone) and Kalma (alprazolam), ran out once (H4).
    "australian_kalma_and_endone": [
        "opioid-with-sedative", "stopping-safely", "long-term-use", "driving-on-sleep-medicine",
        "chronic-insomnia"],
    # Clonazepam from a psychiatrist and alprazolam from a GP (N6).
    "clonazepam_and_alprazolam_two_prescribers": [
        "two-benzodiazepines", "long-term-use", "anxiety-and-sleep", "chronic-insomnia"],
    # Four months postpartum, breastfeeding, PHQ-2 3, hoping for something to help (N2).
    "new_mother_low_mood": [
        "pregnancy-and-medicines", "low-mood", "anxiety-and-sleep", "sleep-habits"],
}

#: People for whom nothing alarming may be said.
LOW_RISK = ["young_adult_few_weeks", "perimenopause_early_waking", "retiree_valerian_early_waking",
            "healthy_thirty_lisinopril_restasis", "hydroxyzine_for_panic_attacks",
            "diary_fourteen_nights_early_waking"]

#: Patients whose points need the vocabulary of issue 12 (combination products, two names on
#: one row, Kalma, Restasis as another medicine): marked until that lands.

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
            assert "What I want to raise, in order" in result.stdout


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
        assert f'What I most want from this visit (in my own words):\n  "{goal}"' in text
    if own:
        assert f'In my own words: "{own}"' in text


@pytest.mark.parametrize("name", LOW_RISK)
def test_low_risk_patients_get_no_safety_point(name, questionnaire):
    summary = build_summary(questionnaire, read(name, questionnaire).answers)
    assert not any(point.is_safety for point in summary.talking_points)
    assert not any(point.priority == "important" for point in summary.talking_points)
