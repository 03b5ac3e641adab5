"""`flask fhir questionnaire`: questions.yaml as a FHIR R4 Questionnaire for a record system."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, QUESTIONS
from fhir_checks import ITEM_INVARIANTS, broken, check_questionnaire

from webapp.engine.fhir_questionnaire import CONDITION_EXTENSION, questionnaire_resource
from webapp.engine.loader import parse_questionnaire
from webapp.engine.problems import QuestionnaireError
from webapp.web.cli_fhir import fhir_group

LOINC = "http://loinc.org"
FREQUENCY = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
#: The published codes: item -> (LOINC code, its answers' LA codes in option order).
ITEM_CODES = {
    "gad7_1": ("69725-0", FREQUENCY), "gad7_2": ("68509-9", FREQUENCY),
    "gad7_3": ("69733-4", FREQUENCY), "gad7_4": ("69734-2", FREQUENCY),
    "gad7_5": ("69735-9", FREQUENCY), "gad7_6": ("69689-8", FREQUENCY),
    "gad7_7": ("69736-7", FREQUENCY),
    "phq2_1": ("44250-9", FREQUENCY), "phq2_2": ("44255-8", FREQUENCY),
    "audit_1": ("68518-0", ["LA6270-8", "LA18926-8", "LA18927-6", "LA18928-4", "LA18929-2"]),
    "audit_2": ("68519-8", ["LA15694-5", "LA15695-2", "LA18930-0", "LA18931-8", "LA18932-6"]),
    "audit_3": ("68520-6", ["LA6270-8", "LA18933-4", "LA18876-5", "LA18891-4", "LA18934-2"]),
}


@pytest.fixture(scope="module")
def resource(questionnaire):
    return questionnaire_resource(questionnaire)


@pytest.fixture(scope="module")
def by_link(resource):
    return check_questionnaire(resource)


def test_it_validates_as_r4b_and_keeps_every_r4_invariant(questionnaire, resource, by_link):
    assert resource["resourceType"] == "Questionnaire"
    assert resource["status"] == "active"
    assert resource["url"] == "https://before-the-visit.example/fhir/Questionnaire/sleep-visit"
    assert resource["version"] == questionnaire.settings.version == "2026-11"


def test_the_invariant_checks_catch_what_they_check():
    """The fhirpath rules are live: an item breaking each is caught."""
    bad = {"resourceType": "Questionnaire", "status": "active", "name": "lower", "item": [
        {"linkId": "a", "type": "group"},
        {"linkId": "a", "type": "display", "required": True, "code": [{"code": "x"}]},
        {"linkId": "c", "type": "boolean", "answerOption": [{"valueString": "x"}]},
        {"linkId": "d", "type": "choice", "enableWhen": [{}, {}], "maxLength": 3}]}
    found = broken(bad, {"que-0": "name.matches('[A-Z]([A-Za-z0-9_]){0,254}')",
                         "que-2": "descendants().linkId.isDistinct()"}, ITEM_INVARIANTS)
    assert sorted(found) == sorted(["que-0", "que-2", "que-1 at a", "que-3 at a", "que-6 at a",
                                    "que-5 at c", "que-10 at d", "que-12 at d"])


def test_every_page_is_a_group_and_every_question_an_item_with_its_id(questionnaire, resource):
    pages = resource["item"][:len(questionnaire.pages)]
    assert [(p["linkId"], p["text"], p["type"]) for p in pages] == [
        (f"page.{page.id}", page.title, "group") for page in questionnaire.pages]
    for page, group in zip(questionnaire.pages, pages, strict=True):
        assert [(i["linkId"], i["text"]) for i in group["item"]] == [
            (q.id, q.label) for q in page.questions]


def test_types_required_repeats_and_options(questionnaire, by_link):
    assert by_link["sleep_problems"]["type"] == "choice"
    assert by_link["sleep_problems"]["repeats"] is True
    assert by_link["sleep_problems"]["required"] is True
    none = by_link["sleep_problems"]["answerOption"][-1]
    assert none["valueCoding"]["code"] == "none"
    assert none["extension"] == [{"url": "http://hl7.org/fhir/StructureDefinition/"
                                         "questionnaire-optionExclusive", "valueBoolean": True}]
    assert by_link["age_band"]["type"] == "choice" and "repeats" not in by_link["age_band"]
    assert "required" not in by_link["age_band"]
    assert by_link["drives"]["type"] == "boolean"  # yes or no
    assert by_link["seizures"]["type"] == "choice"  # yes, no or not sure
    assert [o["valueCoding"]["code"] for o in by_link["seizures"]["answerOption"]] == [
        "yes", "no", "not_sure"]
    assert by_link["nights_a_week"]["type"] == "integer"
    assert [e["valueInteger"] for e in by_link["nights_a_week"]["extension"]] == [0, 7]
    assert by_link["visit_goal"]["type"] == "text"
    assert by_link["visit_goal"]["maxLength"] == 600
    assert by_link["sleep_problems"]["answerOption"][0]["valueCoding"]["display"] == \
        questionnaire.question("sleep_problems").options[0].label


def test_the_medicine_list_is_a_repeating_group_of_its_fields(by_link):
    medicines = by_link["medicine_list"]
    assert (medicines["type"], medicines["repeats"]) == ("group", True)
    assert [(i["linkId"], i["type"]) for i in medicines["item"]] == [
        ("medicine_list.name", "string"), ("medicine_list.purpose", "string"),
        ("medicine_list.how_often", "choice"), ("medicine_list.how_long", "choice"),
        ("medicine_list.prescribed", "choice")]
    assert medicines["item"][0]["required"] is True


def test_published_instruments_carry_their_loinc_codes(by_link):
    for qid, (code, answers) in ITEM_CODES.items():
        item = by_link[qid]
        assert [(c["system"], c["code"]) for c in item["code"]] == [(LOINC, code)], qid
        assert [(o["valueCoding"]["system"], o["valueCoding"]["code"])
                for o in item["answerOption"]] == [(LOINC, la) for la in answers], qid
    assert by_link["page.anxiety"]["code"] == [{"system": LOINC, "code": "69737-5"}]
    assert by_link["page.mood"]["code"] == [{"system": LOINC, "code": "55757-9"}]
    assert by_link["page.alcohol"]["code"] == [{"system": LOINC, "code": "72109-2"}]
    assert by_link["page.alcohol-amount"]["code"] == [{"system": LOINC, "code": "72109-2"}]
    totals = {iid: by_link[f"score.{iid}"] for iid in ("gad7", "phq2", "auditc")}
    assert {iid: item["code"][0]["code"] for iid, item in totals.items()} == {
        "gad7": "70274-6", "phq2": "55758-7", "auditc": "75626-2"}
    assert all(item["readOnly"] and item["type"] == "integer" for item in totals.values())
    assert [o["extension"][0]["valueDecimal"] for o in by_link["audit_2"]["answerOption"]] == [
        0, 1, 2, 3, 4]


def test_conditions_become_enable_when(by_link):
    assert by_link["pregnancy"]["enableWhen"] == [{
        "question": "sex", "operator": "!=", "answerCoding": {
            "system": "https://before-the-visit.example/fhir/Questionnaire/sleep-visit/"
                      "answers/sex", "code": "male", "display": "Male"}}]
    amount = by_link["page.alcohol-amount"]
    assert amount["enableBehavior"] == "any"
    assert [(w["question"], w["operator"], w["answerCoding"]["code"])
            for w in amount["enableWhen"]] == [
        ("audit_1", "=", code) for code in ["LA18926-8", "LA18927-6", "LA18928-4", "LA18929-2"]]
    assert by_link["caffeine_latest"]["enableWhen"] == [
        {"question": "caffeine_drinks", "operator": ">=", "answerInteger": 1}]
    effects = by_link["page.medicine-effects"]
    assert effects["enableBehavior"] == "any"
    assert effects["enableWhen"][0] == {"question": "medicine_list.name", "operator": "exists",
                                        "answerBoolean": True}
    assert [w["answerCoding"]["code"] for w in effects["enableWhen"][1:]] == [
        "diphenhydramine", "doxylamine", "melatonin", "valerian", "kava", "cbd"]
    conditional = {link for link, item in by_link.items() if "enableWhen" in item}
    assert conditional == {"pregnancy", "page.alcohol-amount", "caffeine_latest",
                           "page.medicine-effects"}


MINIMAL = (FIXTURES / "questionnaires" / "minimal.yaml").read_text()
FOLLOW_UPS = """\
      - id: goal
        type: long_text
        label: What do you most want from this visit?
      - id: on_opioid
        type: yes_no
        label: Do you take it every day?
        when: {medicine: {class: opioid}}
      - id: worried
        type: yes_no
        label: Does worry wake you?
        when: {score: worry, at_least: 2}
      - id: both
        type: yes_no
        label: Do you drink alcohol on those nights?
        when: {any: [{question: nights, at_least: 3}, {all: [{question: nights, at_most: 1},
               {question: habits, any_of: [alcohol_bedtime]}]}]}
      - id: not_two
        type: yes_no
        label: Do you use screens in bed?
        when: {not: {question: habits, any_of: [screens]}}
      - id: both_answered
        type: yes_no
        label: Do you drive at night?
        when: {all: [{question: nights, answered: true}, {question: habits, any_of: [screens]}]}
"""


def test_conditions_fhir_cannot_say_are_carried_and_the_item_left_enabled():
    text = MINIMAL.replace("""\
      - id: goal
        type: long_text
        label: What do you most want from this visit?
""", FOLLOW_UPS)
    resource = questionnaire_resource(parse_questionnaire(text, origin="follow-ups.yaml"))
    by_link = check_questionnaire(resource)
    for link, carried in [
            ("on_opioid", {"MedicineMatch": {"classes": ["opioid"], "fields": [],
                                             "names": [], "tags": []}}),
            ("worried", {"ScoreIs": {"at_least": 2, "at_most": None, "instrument": "worry"}}),
            ("not_two", {"Not": {"item": {"AnswerIs": {"op": "any_of", "question": "habits",
                                                       "value": ["screens"]}}}})]:
        item = by_link[link]
        assert "enableWhen" not in item, link
        assert [json.loads(e["valueString"]) for e in item["extension"]
                if e["url"] == CONDITION_EXTENSION] == [carried], link
    assert "enableWhen" not in by_link["both"]  # an all inside an any: one level only
    assert by_link["both_answered"]["enableWhen"] == [
        {"question": "nights", "operator": "exists", "answerBoolean": True},
        {"question": "habits", "operator": "=", "answerCoding": {
            "system": "urn:before-the-visit:questionnaire/answers/habits", "code": "screens",
            "display": "I use screens in bed"}}]
    assert by_link["both_answered"]["enableBehavior"] == "all"
    assert by_link["page.goal-page"]["enableWhen"] == [
        {"question": "nights", "operator": "exists", "answerBoolean": True}]
    assert resource["url"] == "urn:before-the-visit:questionnaire"  # no fhir block


@pytest.mark.parametrize(("old", "new", "at", "problem"), [
    ("gad7_1: {loinc: 69725-0", "gad7_1: {loinc: 69725-1", "gad7_1: {loinc",
     "fhir.questions.gad7_1.loinc] 'loinc' '69725-1' has the wrong check digit"),
    ("gad7: {panel: 69737-5", "gad7: {panel: LA6568-5", "gad7: {panel",
     "fhir.instruments.gad7.panel] 'panel' must be a LOINC code like 69737-5."),
    ("    phq2_2: {loinc: 44255-8", "    sleepiness: {loinc: 44255-8", "sleepiness:",
     "fhir.questions.sleepiness] 'sleepiness' is not the id of a question."),
    ("{never: LA6270-8, monthly_or_less: LA18926-8, ", "{never: LA6270-8, ", "audit_1: {loinc",
     "fhir.questions.audit_1.answers] Answer list 'audit_c_how_often' must give a code for "
     "every option of 'audit_1', a single_choice question; it has none for monthly_or_less."),
    ("  url: https://before-the-visit.example/fhir/Questionnaire/sleep-visit\n",
     "  url: https://before-the-visit.example/fhir/Questionnaire/sleep-visit\n"
     '  version: "1.0.0"\n', 'version: "1.0.0"',
     "fhir.version] Remove 'version' here: the record system gets the questionnaire's version "
     "from 'version' under 'settings'"),
    ('  version: "2026-11"', '  version: "2026|11"', 'version: "2026|11"',
     "settings.version] 'version' cannot hold '|'"),
])
def test_check_names_each_wrong_code_with_its_line(old, new, at, problem):
    text = QUESTIONS.read_text()
    assert old in text
    changed = text.replace(old, new, 1)
    line = changed[:changed.index(at)].count("\n") + 1
    with pytest.raises(QuestionnaireError) as raised:
        parse_questionnaire(changed)
    assert [p for p in raised.value.problems if str(p).startswith(f"[line {line}, {problem}")], \
        raised.value.report()


def test_the_command_writes_the_questionnaire(tmp_path, resource):
    out = tmp_path / "questionnaire.json"
    result = CliRunner().invoke(fhir_group, ["questionnaire", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text()) == resource
    shown = CliRunner().invoke(fhir_group, ["questionnaire"])
    assert json.loads(shown.stdout) == resource


def test_a_total_is_calculated_only_once_each_item_always_shown_is_answered(by_link):
    """As the app, which gives no total while a shown item is unanswered. AUDIT-C's second
    and third items may be hidden (never drinks), so only the first must be answered."""
    expression = by_link["score.auditc"]["extension"][0]["valueExpression"]["expression"]
    assert expression == (
        "iif(%resource.repeat(item).where(linkId in ('audit_1')).answer.count() = 1, "
        "%resource.repeat(item).where(linkId in ('audit_1' | 'audit_2' | 'audit_3'))"
        ".answer.value.ordinal().sum(), {})")
    gad7 = by_link["score.gad7"]["extension"][0]["valueExpression"]["expression"]
    assert gad7.startswith("iif(%resource.repeat(item).where(linkId in ('gad7_1' | 'gad7_2' | "
                           "'gad7_3' | 'gad7_4' | 'gad7_5' | 'gad7_6' | 'gad7_7')).answer"
                           ".count() = 7, ")
