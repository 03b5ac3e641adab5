"""Conditions (`when:`): every operator, combinations, medicines, class counts and scores."""

from __future__ import annotations

from typing import Any

import pytest

from webapp.engine.condition_parser import ParseContext, QuestionRef, parse_condition
from webapp.engine.conditions import (
    AnswerIs,
    ClassCount,
    Facts,
    MedicineMatch,
    Not,
    ScoreIs,
    evaluate,
)
from webapp.engine.medicines import ListedMedicine
from webapp.engine.problems import ProblemList, format_path

QUESTIONS = {
    "often": QuestionRef("single_choice", frozenset({"never", "monthly", "weekly", "daily"}),
                         (0, 0)),
    "habits": QuestionRef("multiple_choice", frozenset({"alcohol_bedtime", "screens", "none"}),
                          (0, 1)),
    "nights": QuestionRef("number", frozenset(), (0, 2)),
    "goal": QuestionRef("long_text", frozenset(), (1, 0)),
    "drives": QuestionRef("yes_no", frozenset({"yes", "no", "not_sure"}), (1, 1)),
}
MEDICINE_FIELDS = {"how_long": frozenset({"weeks", "months", "over_a_year"}),
                   "prescribed": frozenset({"yes", "no"})}


def context(before: tuple[int, int] | None = None) -> ParseContext:
    return ParseContext(
        questions=QUESTIONS, instruments={"gad7": ("often",)},
        classes=frozenset({"benzodiazepine", "z_drug", "opioid", "melatonin_agonist"}),
        tags=frozenset({"sedating", "acts_on_brain", "sleep_or_anxiety"}),
        medicine_fields=MEDICINE_FIELDS, problems=ProblemList(), before=before,
        where="Talking point 'x'")


def parse(raw: Any):
    ctx = context()
    condition = parse_condition(raw, ("when",), ctx)
    assert list(ctx.problems) == [] and condition is not None
    return condition


def holds(raw: Any, answers: dict[str, Any] | None = None, medicines=(), scores=None) -> bool:
    return evaluate(parse(raw), Facts(answers or {}, tuple(medicines), scores))


def med(*classes: str, tags: tuple[str, ...] = (), class_tags: dict | None = None,
        **fields: str) -> ListedMedicine:
    """A recognised medicine; each of its classes has all of ``tags`` unless ``class_tags``."""
    per_class = class_tags or {c: tags for c in classes}
    return ListedMedicine("as typed", "meds", "generic" if classes else None,
                          {c: frozenset(t) for c, t in per_class.items()}, fields)


BENZO_LONG = med("benzodiazepine", tags=("sedating", "sleep_or_anxiety"), how_long="over_a_year")
BENZO_SHORT = med("benzodiazepine", tags=("sedating", "sleep_or_anxiety"), how_long="weeks")
OPIOID = med("opioid", tags=("sedating", "acts_on_brain"), prescribed="no")
MELATONIN = med("melatonin_agonist", tags=("sleep_or_anxiety",))
UNRECOGNISED = med(how_long="over_a_year")


def test_no_condition_always_holds():
    assert evaluate(None, Facts({})) is True


@pytest.mark.parametrize(("answer", "expected"), [
    ("weekly", True), ("daily", False), ("Weekly", False), (None, False), ("", False)])
def test_equals(answer, expected):
    assert holds({"question": "often", "equals": "weekly"}, {"often": answer}) is expected


@pytest.mark.parametrize(("answer", "expected"), [
    ("weekly", True), ("daily", True), ("never", False), ("monthly", False), (None, False)])
def test_one_of(answer, expected):
    assert holds({"question": "often", "one_of": ["weekly", "daily"]},
                 {"often": answer}) is expected


@pytest.mark.parametrize(("ticked", "expected"), [
    (["screens"], True), (["alcohol_bedtime", "screens"], True), (["none"], False),
    ([], False), (None, False)])
def test_any_of_on_a_multiple_choice_question(ticked, expected):
    assert holds({"question": "habits", "any_of": ["alcohol_bedtime", "screens"]},
                 {"habits": ticked}) is expected


def test_any_of_on_a_single_choice_question_checks_the_one_answer():
    condition = parse({"question": "often", "any_of": ["weekly", "daily"]})
    assert condition == AnswerIs("often", "one_of", ("weekly", "daily"))
    assert evaluate(condition, Facts({"often": "daily"}))
    assert not evaluate(condition, Facts({"often": "never"}))


@pytest.mark.parametrize(("nights", "at_least_3", "at_most_3"), [
    (0, False, True), (2, False, True), (2.5, False, True), (3, True, True),
    (3.5, True, False), (4, True, False), (7, True, False)])
def test_at_least_and_at_most_include_their_edge(nights, at_least_3, at_most_3):
    assert holds({"question": "nights", "at_least": 3}, {"nights": nights}) is at_least_3
    assert holds({"question": "nights", "at_most": 3}, {"nights": nights}) is at_most_3


@pytest.mark.parametrize("answer", [None, "", "   ", [], "3", True])
def test_a_blank_or_non_number_answer_is_neither_at_least_nor_at_most(answer):
    assert not holds({"question": "nights", "at_least": 0}, {"nights": answer})
    assert not holds({"question": "nights", "at_most": 7}, {"nights": answer})


@pytest.mark.parametrize(("question", "answer", "answered"), [
    ("goal", "Sleep through the night", True), ("goal", "   ", False), ("goal", "", False),
    ("goal", None, False), ("habits", [], False), ("habits", ["none"], True),
    ("nights", 0, True), ("drives", "no", True)])
def test_answered_true_and_false(question, answer, answered):
    answers = {} if answer is None else {question: answer}
    assert holds({"question": question, "answered": True}, answers) is answered
    assert holds({"question": question, "answered": False}, answers) is not answered


COMPARISONS = [
    {"question": "often", "equals": "never"},
    {"question": "often", "one_of": ["never", "daily"]},
    {"question": "habits", "any_of": ["none"]},
    {"question": "nights", "at_least": 0},
    {"question": "nights", "at_most": 7},
]


@pytest.mark.parametrize("raw", COMPARISONS, ids=lambda raw: list(raw)[1])
@pytest.mark.parametrize("blank", [None, "", "  ", []], ids=repr)
def test_an_unanswered_question_never_matches_a_comparison(raw, blank):
    qid = raw["question"]
    assert not holds(raw, {qid: blank})
    assert not holds(raw, {})
    assert holds({"not": raw}, {qid: blank})  # so "not" of a comparison holds


ALCOHOL_AT_BEDTIME = {"question": "habits", "any_of": ["alcohol_bedtime"]}
DRIVES = {"question": "drives", "equals": "yes"}
MANY_NIGHTS = {"question": "nights", "at_least": 3}


@pytest.mark.parametrize(("answers", "all_", "any_", "none_"), [
    ({"habits": ["alcohol_bedtime"], "drives": "yes", "nights": 5}, True, True, False),
    ({"habits": ["alcohol_bedtime"], "drives": "no", "nights": 5}, False, True, False),
    ({"habits": ["screens"], "drives": "no", "nights": 5}, False, True, False),
    ({"habits": ["screens"], "drives": "not_sure", "nights": 1}, False, False, True),
    ({}, False, False, True),
])
def test_all_any_and_not(answers, all_, any_, none_):
    items = [ALCOHOL_AT_BEDTIME, DRIVES, MANY_NIGHTS]
    assert holds({"all": items}, answers) is all_
    assert holds({"any": items}, answers) is any_
    assert holds({"not": {"any": items}}, answers) is none_


def test_groups_nest():
    raw = {"all": [DRIVES, {"any": [ALCOHOL_AT_BEDTIME, {"not": MANY_NIGHTS}]}]}
    assert holds(raw, {"drives": "yes", "nights": 1})
    assert holds(raw, {"drives": "yes", "nights": 6, "habits": ["alcohol_bedtime"]})
    assert not holds(raw, {"drives": "yes", "nights": 6, "habits": ["screens"]})
    assert not holds(raw, {"drives": "no", "nights": 1})


@pytest.mark.parametrize(("raw", "medicines", "expected"), [
    ({"class": "benzodiazepine"}, [BENZO_SHORT], True),
    ({"class": ["benzodiazepine", "z_drug"]}, [OPIOID, BENZO_SHORT], True),
    ({"class": "z_drug"}, [OPIOID, BENZO_SHORT], False),
    ({"class": "opioid"}, [], False),
    ({"tag": "sedating"}, [OPIOID], True),
    ({"tag": "sedating"}, [MELATONIN], False),
    ({"tag": ["acts_on_brain", "sleep_or_anxiety"]}, [MELATONIN], True),
    ({"class": "benzodiazepine", "tag": "acts_on_brain"}, [BENZO_LONG], False),
    ({"class": "benzodiazepine", "how_long": ["months", "over_a_year"]}, [BENZO_LONG], True),
    ({"class": "benzodiazepine", "how_long": ["months", "over_a_year"]}, [BENZO_SHORT], False),
    # one medicine must pass every filter: not a benzodiazepine plus another long-used medicine
    ({"class": "benzodiazepine", "how_long": "over_a_year"}, [BENZO_SHORT, UNRECOGNISED], False),
    ({"class": "opioid", "prescribed": "no"}, [OPIOID], True),
    ({"class": "benzodiazepine", "prescribed": "no"}, [BENZO_LONG], False),  # left blank
])
def test_medicine_match_by_class_tag_and_row_fields(raw, medicines, expected):
    assert isinstance(parse({"medicine": raw}), MedicineMatch)
    assert holds({"medicine": raw}, medicines=medicines) is expected


def test_an_unrecognised_medicine_matches_no_class_or_tag():
    assert not evaluate(MedicineMatch(tags=frozenset({"sedating"})), Facts({}, (UNRECOGNISED,)))


@pytest.mark.parametrize(("medicines", "at_least", "expected"), [
    ([BENZO_SHORT, BENZO_LONG], 2, False),  # two benzodiazepines are one class
    ([BENZO_SHORT, OPIOID], 2, True),
    ([BENZO_SHORT, OPIOID, MELATONIN], 3, True),
    ([BENZO_SHORT, OPIOID, UNRECOGNISED], 3, False),
    ([], 1, False),
])
def test_class_count_counts_distinct_classes_with_the_tag(medicines, at_least, expected):
    raw = {"count_classes": {"tag": ["sedating", "sleep_or_anxiety"]}, "at_least": at_least}
    assert holds(raw, medicines=medicines) is expected


#: In two classes, one of them acting on the brain (like agomelatine).
TWO_CLASSES = med("melatonin_agonist", "opioid",
                  class_tags={"melatonin_agonist": ("sleep_or_anxiety",),
                              "opioid": ("sedating", "acts_on_brain")})


@pytest.mark.parametrize(("medicines", "at_least", "expected"), [
    ([TWO_CLASSES], 2, False),  # only one of its classes acts on the brain
    ([TWO_CLASSES], 1, True),
    ([TWO_CLASSES, BENZO_SHORT], 2, False),  # benzodiazepine is not tagged acts_on_brain
    ([TWO_CLASSES, med("z_drug", tags=("acts_on_brain",))], 2, True),
])
def test_a_class_counts_by_its_own_tags_not_its_medicines_other_classes(medicines, at_least,
                                                                        expected):
    raw = {"count_classes": {"tag": "acts_on_brain"}, "at_least": at_least}
    assert holds(raw, medicines=medicines) is expected


def test_class_count_by_class_ignores_other_classes():
    condition = ClassCount(frozenset({"benzodiazepine", "z_drug"}), frozenset(), 2)
    assert not evaluate(condition, Facts({}, (BENZO_SHORT, OPIOID, MELATONIN)))
    assert evaluate(condition, Facts({}, (BENZO_SHORT, med("z_drug"))))


@pytest.mark.parametrize(("total", "at_least_10", "at_most_4"), [
    (None, False, False), (0, False, True), (4, False, True), (5, False, False),
    (9, False, False), (10, True, False), (21, True, False)])
def test_score_is_compares_the_total_only_when_there_is_one(total, at_least_10, at_most_4):
    scores = {} if total is None else {"gad7": total}
    assert holds({"score": "gad7", "at_least": 10}, scores=scores) is at_least_10
    assert holds({"score": "gad7", "at_most": 4}, scores=scores) is at_most_4
    between = ScoreIs("gad7", 5, 9)
    assert evaluate(between, Facts({}, (), scores)) is (total is not None and 5 <= total <= 9)


def test_not_of_a_missing_score_holds():
    assert evaluate(Not(ScoreIs("gad7", 10, None)), Facts({}))


@pytest.mark.parametrize(("raw", "path", "message"), [
    ({"question": "often", "at_least": 2}, "when.at_least",
     "'at_least' only works on number questions; 'often' is single_choice."),
    ({"question": "nights", "at_least": "three"}, "when.at_least", "'at_least' takes a number."),
    ({"question": "goal", "answered": "yes"}, "when.answered", "'answered' takes true or false."),
    ({"question": "often", "equals": "weekly", "one_of": ["daily"]}, "when",
     "Give exactly one comparison"),
    ({"question": "often", "one_of": "weekly"}, "when.one_of",
     "'one_of' takes a list of option values."),
    ({"question": "often", "equals": "weekly", "score": "gad7"}, "when",
     "A condition needs exactly one of these keys"),
    ({"all": []}, "when.all", "'all' needs a list of one or more conditions."),
    ({"medicine": {"how_long": "weeks"}}, "when.medicine",
     "Name at least one medicine 'class', 'tag' or 'name'"),
    ({"medicine": {"class": "opioid", "prescribed": [False]}}, "when.medicine.prescribed",
     "'prescribed' takes a name or a list of names. Put quotes around values such as \"no\""),
    ({"count_classes": {"tag": "sedating"}}, "when.at_least", "needs 'at_least' as a whole"),
    ({"score": "gad7"}, "when", "A score condition needs 'at_least' or 'at_most'."),
    ({"score": "gad7", "at_least": 10, "below": 3}, "when.below",
     "Unknown key 'below' in this condition."),
    ("often == weekly", "when", "A condition must be a mapping"),
])
def test_badly_written_conditions_are_reported_with_their_path(raw, path, message):
    ctx = context()
    parse_condition(raw, ("when",), ctx)
    [problem] = list(ctx.problems)
    assert format_path(problem.path) == path
    assert message in problem.message


@pytest.mark.parametrize(("raw", "before", "reported"), [
    ({"question": "goal", "answered": True}, (1, 0), True),   # the same place
    ({"question": "goal", "answered": True}, (0, 5), True),   # a later page
    ({"question": "nights", "at_least": 3}, (1, 0), False),
    ({"score": "gad7", "at_least": 10}, (0, 0), True),
    ({"score": "gad7", "at_least": 10}, (0, 1), False),
    ({"question": "goal", "answered": True}, None, False),    # talking points see everything
])
def test_conditions_may_only_look_back(raw, before, reported):
    ctx = context(before)
    parse_condition(raw, ("when",), ctx)
    messages = [p.message for p in ctx.problems]
    assert bool(messages) is reported
    assert all("which comes at the same place or later" in m for m in messages)
