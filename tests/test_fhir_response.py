"""`flask fhir response`: a patient's answers as a FHIR R4 QuestionnaireResponse, and back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from fhir_checks import check_response

from webapp.engine.answer_file import read_answers
from webapp.engine.fhir_questionnaire import questionnaire_resource
from webapp.engine.fhir_response import point_text, response_resource
from webapp.engine.rules import evaluate_answers
from webapp.engine.sheet_text import summary_as_dict
from webapp.engine.summary import build_summary
from webapp.web.cli_fhir import fhir_group

PATIENTS = sorted((FIXTURES / "patients").glob("*.json"))
TODAY = date(2026, 11, 30)


def answers_of(path, questionnaire):
    read = read_answers(path.read_bytes(), questionnaire)
    assert read.problems == []
    return read.answers


@pytest.fixture(scope="module")
def definition(questionnaire):
    return questionnaire_resource(questionnaire)


def by_link(resource):
    found = {}
    stack = list(resource["item"])
    while stack:
        item = stack.pop()
        found.setdefault(item["linkId"], []).append(item)
        stack.extend(item.get("item", []))
    return found


@pytest.mark.parametrize("patient", PATIENTS, ids=[p.stem for p in PATIENTS])
def test_every_patient_round_trips_to_the_same_summary(patient, questionnaire, definition):
    answers = answers_of(patient, questionnaire)
    resource = response_resource(questionnaire, answers)
    check_response(resource, definition)
    back = read_answers(json.dumps(resource).encode(), questionnaire)
    assert back.problems == []
    assert back.answers == evaluate_answers(questionnaire, answers).answers
    assert summary_as_dict(build_summary(questionnaire, back.answers, today=TODAY)) == \
        summary_as_dict(build_summary(questionnaire, answers, today=TODAY))


def test_answers_scores_and_kept_points_are_in_it(questionnaire):
    patient = FIXTURES / "patients" / "older_man_oxycodone_tramadol_gabapentin.json"
    answers = answers_of(patient, questionnaire)
    evaluation = evaluate_answers(questionnaire, answers)
    left_out = {evaluation.talking_points[0].id}
    resource = response_resource(questionnaire, answers, left_out,
                                 datetime(2026, 11, 30, 9, 30, tzinfo=UTC))
    assert resource["questionnaire"] == \
        "https://before-the-visit.example/fhir/Questionnaire/sleep-visit|2026-11"
    assert (resource["status"], resource["authored"]) == ("completed",
                                                          "2026-11-30T09:30:00+00:00")
    items = by_link(resource)
    assert {f"score.{iid}": score.total for iid, score in evaluation.scores.items()} == {
        link: found[0]["answer"][0]["valueInteger"] for link, found in items.items()
        if link.startswith("score.")}
    assert len(evaluation.scores) == 3
    kept = [a["valueString"] for a in items["summary.talking-points"][0]["answer"]]
    assert kept == [point_text(p) for p in evaluation.talking_points[1:]]
    point = evaluation.talking_points[1]
    assert kept[0].splitlines()[:3] == [point.title or point.raise_text,
                                        f"Raise: {point.raise_text}",
                                        f"Ask: \u201c{point.ask}\u201d"]
    assert f"Why it matters: {point.why}" in kept[0]
    rows = items["medicine_list"]
    assert [row["item"][0]["answer"][0]["valueString"] for row in reversed(rows)] == [
        row["name"] for row in answers["medicine_list"]]


def test_no_patient_identity_and_only_what_was_shown(questionnaire):
    answers = {"sex": "male", "pregnancy": "pregnant", "audit_1": "never",
               "audit_2": "ten_or_more", "caffeine_drinks": 0, "caffeine_latest": "evening",
               "drives": "yes"}
    resource = response_resource(questionnaire, answers)
    assert set(resource) == {"resourceType", "questionnaire", "status", "authored", "item"}
    items = by_link(resource)
    for hidden in ("pregnancy", "audit_2", "caffeine_latest"):
        assert hidden not in items
    assert items["drives"][0]["answer"] == [{"valueBoolean": True}]
    assert items["sex"][0]["answer"][0]["valueCoding"]["code"] == "male"
    assert items["audit_1"][0]["answer"][0]["valueCoding"]["code"] == "LA6270-8"
    assert items["score.auditc"][0]["answer"] == [{"valueInteger": 0}]


def test_the_command_writes_the_response(tmp_path, questionnaire, definition):
    patient = FIXTURES / "patients" / "shift_worker_melatonin.json"
    out = tmp_path / "response.json"
    result = CliRunner().invoke(fhir_group, ["response", str(patient), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = json.loads(out.read_text())
    check_response(written, definition)
    expected = response_resource(questionnaire, answers_of(patient, questionnaire))
    assert {**written, "authored": None} == {**expected, "authored": None}


def test_the_command_refuses_a_file_that_is_not_answers(tmp_path):
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": 1}')
    result = CliRunner().invoke(fhir_group, ["response", str(bad)])
    assert result.exit_code == 1
    assert result.stderr == f"{bad}: This is not a Before the Visit answers file.\n"
    assert result.stdout == ""


def test_flask_summary_reads_the_fhir_file_as_it_reads_the_answers_file(tmp_path,
                                                                          questionnaire):
    from webapp.web.cli import summary_command

    patient = FIXTURES / "patients" / "pregnant_lorazepam_as_needed.json"
    fhir_file = tmp_path / "response.json"
    fhir_file.write_text(json.dumps(response_resource(questionnaire,
                                                      answers_of(patient, questionnaire))))
    from_answers = CliRunner().invoke(summary_command, [str(patient), "--format", "json"])
    from_fhir = CliRunner().invoke(summary_command, [str(fhir_file), "--format", "json"])
    assert (from_fhir.exit_code, from_fhir.stderr) == (0, "")
    assert json.loads(from_fhir.stdout) == json.loads(from_answers.stdout)


def test_the_sleep_diary_is_a_repeating_group_one_night_a_repetition(questionnaire,
                                                                       definition):
    """Issue 17: each night a group, times as FHIR times; reading back applies the diary's
    own refusals, listing a bad night by its number and keeping the rest."""
    group = by_link(definition)["sleep_diary"][0]
    assert (group["type"], group["repeats"]) == ("group", True)
    assert group["extension"] == [{"url": "http://hl7.org/fhir/StructureDefinition/"
                                          "questionnaire-maxOccurs", "valueInteger": 14}]
    assert [(i["linkId"], i["type"]) for i in group["item"]][:3] == [
        ("sleep_diary.date", "date"), ("sleep_diary.in_bed", "time"),
        ("sleep_diary.tried_sleep", "time")]
    nights = [{"date": f"2026-11-{day}", "in_bed": "23:30", "tried_sleep": "23:45",
               "sol_min": 30, "awakenings": 2, "waso_min": 20, "final_wake": "06:10",
               "out_of_bed": "06:40", "quality": "fair", "note": "Late dinner"}
              for day in (20, 21, 22)]
    resource = response_resource(questionnaire, {"sleep_diary": nights})
    check_response(resource, definition)
    answered = by_link(resource)
    assert len(answered["sleep_diary"]) == 3
    assert answered["sleep_diary.in_bed"][0]["answer"] == [{"valueTime": "23:30:00"}]
    assert read_answers(json.dumps(resource).encode(), questionnaire).answers == {
        "sleep_diary": nights}
    # A night whose minutes awake do not fit is left out and named; the others are kept.
    second = by_link(resource)["sleep_diary"][1]
    waso = next(i for i in second["item"] if i["linkId"] == "sleep_diary.waso_min")
    waso["answer"] = [{"valueInteger": 900}]
    back = read_answers(json.dumps(resource).encode(), questionnaire)
    assert [n["date"] for n in back.answers["sleep_diary"]] == ["2026-11-20", "2026-11-22"]
    assert len(back.problems) == 1 and "For night 2 (ending November 21)" in back.problems[0]
