"""A talking point names only what this patient said: the medicines that made it apply,
the answers they ticked, and the triggers they gave, each with its own question.

The engine fills placeholders in questions.yaml (``{medicines}``, ``{question_id}``) and
says only the triggers that hold (review W11, U1, U6). The last tests check whole classes
of wording over every rule: no benzodiazepine sentence without a benzodiazepine (U7), no
seizure wording without a medicine where it is true (U8), and every point that names a
benzodiazepine or a Z-drug says that stopping one all at once can be dangerous (H6).
"""

from __future__ import annotations

from textwrap import dedent

import pytest
from conftest import FIXTURES
from test_rules import TRIGGERS, meds

from webapp.engine.answer_file import read_answers
from webapp.engine.conditions import Facts
from webapp.engine.loader import parse_questionnaire
from webapp.engine.points import join_words
from webapp.engine.rules import evaluate_answers
from webapp.engine.witness import witness

OLD = {"age_band": "age_65_plus"}


def point(questionnaire, answers, point_id):
    found = {p.id: p for p in evaluate_answers(questionnaire, answers).talking_points}
    assert point_id in found, f"{point_id} not given; got {sorted(found)}"
    return found[point_id]


@pytest.mark.parametrize(("items", "text"), [
    ([], ""), (["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C")])
def test_names_are_joined_in_plain_english(items, text):
    assert join_words(items) == text


# --- {medicines}: the medicines that made the point apply, and only those ---------------

def test_the_point_names_the_medicines_that_triggered_it_as_the_patient_wrote_them(
        questionnaire):
    answers = meds("Percocet", "lisinopril 10 mg", "Klonopin", "sertraline")
    raised = point(questionnaire, answers, "opioid-with-sedative").raise_text
    assert "Percocet (oxycodone" in raised and "Klonopin (clonazepam" in raised
    assert "lisinopril" not in raised and "sertraline" not in raised
    assert raised.index("Percocet") < raised.index("Klonopin"), "in the patient's order"


def test_a_medicine_listed_twice_is_named_once(questionnaire):
    raised = point(questionnaire, meds("oxycodone", "Xanax", "Xanax"),
                   "opioid-with-sedative").raise_text
    assert raised.count("Xanax") == 1


def test_alcohol_point_names_only_the_sleepy_medicines(questionnaire):
    answers = {"sleep_habits": ["alcohol_bedtime"], **meds("Ambien", "atorvastatin",
                                                            "sertraline")}
    raised = point(questionnaire, answers, "alcohol-with-sedating-medicine").raise_text
    assert "Ambien" in raised
    assert "atorvastatin" not in raised and "sertraline" not in raised


def test_the_three_medicines_counted_for_the_beers_point_are_the_ones_named(questionnaire):
    answers = {**OLD, **meds("oxycodone", "tramadol", "gabapentin", "lisinopril",
                             "melatonin")}
    raised = point(questionnaire, answers, "several-brain-medicines").raise_text
    for name in ("oxycodone", "tramadol", "gabapentin"):
        assert name in raised
    assert "lisinopril" not in raised and "melatonin" not in raised


# --- {question_id}: the options the patient ticked, and only those ------------------------

@pytest.mark.parametrize(("ticked", "said", "not_said"), [
    (["unsteady_falls"], ["unsteadiness or falls"], ["memory", "dizziness"]),
    (["memory"], ["memory problems"], ["falls", "dizziness"]),
    (["dizziness", "memory"], ["dizziness", "memory problems"], ["falls"]),
    (["unsteady_falls", "morning_grogginess"], ["unsteadiness or falls"],
     ["memory", "dizziness", "groggy"]),
])
def test_memory_and_falls_point_says_only_the_ticked_effects(questionnaire, ticked, said,
                                                             not_said):
    answers = {**OLD, "side_effects": ticked, **meds("Valium")}
    raised = point(questionnaire, answers, "memory-or-falls-older").raise_text
    for words in said:
        assert words in raised
    for words in not_said:
        assert words not in raised.lower()


@pytest.mark.parametrize(("answer", "said", "not_said"), [
    ("pregnant", "you are pregnant", ["planning", "breastfeeding"]),
    ("planning", "you are planning a pregnancy", ["breastfeeding", "you are pregnant"]),
    ("breastfeeding", "you are breastfeeding", ["planning", "pregnant"]),
])
def test_pregnancy_point_says_only_what_was_ticked(questionnaire, answer, said, not_said):
    raised = point(questionnaire, {"pregnancy": answer, **meds("sertraline")},
                   "pregnancy-and-medicines").raise_text
    assert said in raised
    for words in not_said:
        assert words not in raised


def test_habits_point_names_the_ticked_habits_and_nothing_else(questionnaire):
    answers = {"sleep_habits": ["alcohol_bedtime", "long_naps"], "caffeine_drinks": 2,
               "caffeine_latest": "morning"}
    raised = point(questionnaire, answers, "sleep-habits").raise_text
    assert "you drink alcohol in the few hours before bed" in raised
    assert "you nap for more than an hour" in raised
    for words in ("caffeine", "coffee", "phone", "shifts", "different times"):
        assert words not in raised


def test_sleep_apnea_point_names_the_signs_given(questionnaire):
    raised = point(questionnaire, {"breathing_signs": ["loud_snoring", "morning_headaches"]},
                   "sleep-apnea-signs").raise_text
    assert raised.startswith("You said you snore loudly.")
    assert "stop breathing" not in raised


# --- triggers: only the ones given, each with its own question (W11, U6) ------------------

def test_thinking_of_stopping_without_having_stopped_suddenly(questionnaire):
    answers = {"thinking_of_stopping": "yes", "stopped_suddenly": "no", **meds("Ativan")}
    found = point(questionnaire, answers, "stopping-safely")
    assert "thinking about stopping or changing" in found.raise_text
    assert "all at once" not in found.raise_text
    assert found.ask.startswith("If anything about my medicines should change")


def test_having_stopped_suddenly_without_thinking_of_stopping(questionnaire):
    answers = {"thinking_of_stopping": "no", "stopped_suddenly": "yes", **meds("Ativan")}
    found = point(questionnaire, answers, "stopping-safely")
    assert "once stopped a sleep or anxiety medicine all at once" in found.raise_text
    assert "thinking about" not in found.raise_text


@pytest.mark.parametrize(("answers", "said", "asked", "not_said"), [
    ({"needing_more": "yes", **meds("temazepam")}, "need more of a medicine",
     "need more for the same effect", ["more than was prescribed", "did not prescribe"]),
    ({"more_than_prescribed": "yes", **meds("temazepam")}, "more of a medicine than was "
     "prescribed", "does not seem to be enough", ["need more of a", "did not prescribe"]),
    (meds("Xanax", prescribed="no"), "Xanax (alprazolam", "not prescribed for me",
     ["need more", "more than was prescribed"]),
])
def test_needing_more_says_each_trigger_with_its_own_question(questionnaire, answers, said,
                                                              asked, not_said):
    found = point(questionnaire, answers, "needing-more")
    assert said in found.raise_text and asked in found.ask
    for words in not_said:
        assert words not in found.raise_text and words not in found.ask


def test_worry_point_says_only_the_trigger_given(questionnaire):
    from test_rules import gad7

    by_score = point(questionnaire, gad7(12), "anxiety-and-sleep")
    assert "GAD-7" in by_score.raise_text and "keep you awake" not in by_score.raise_text
    by_night = point(questionnaire, {"worries_awake": "yes", **gad7(3)}, "anxiety-and-sleep")
    assert "keep you awake" in by_night.raise_text and "GAD-7" not in by_night.raise_text
    assert "is part of your sleep problem" not in by_night.raise_text  # U5: no cause stated


# --- facts that fit the patient --------------------------------------------------------

def test_the_long_term_point_never_tells_an_epilepsy_patient_it_is_meant_for_short_term_use(
        questionnaire):
    read = read_answers(
        (FIXTURES / "patients" / "epilepsy_clonazepam_wants_to_stop.json").read_bytes(),
        questionnaire)
    found = point(questionnaire, read.answers, "long-term-use")
    assert "short-term" not in found.why and "short time" not in found.why
    assert "for sleep" in found.why, "the guideline's limit is stated for sleep only (H1)"


def test_sleepwalking_on_any_sleep_medicine_says_to_tell_before_the_visit(questionnaire):
    for name in ("temazepam", "Belsomra", "my sleeping pill", "Ambien"):
        found = [p for p in evaluate_answers(
            questionnaire, {"side_effects": ["sleep_behaviours"], **meds(name)}).talking_points
            if "asleep" in (p.title or "")]
        assert len(found) == 1, name
        assert "Tell your doctor or pharmacist soon, even before the visit." in found[0].raise_text
        assert found[0].is_safety


def test_the_boxed_warning_is_called_the_fdas_most_prominent_not_its_strongest(questionnaire):
    why = point(questionnaire, {"side_effects": ["sleep_behaviours"], **meds("Ambien")},
                "complex-sleep-behaviors").why
    assert "most prominent" in why and "strongest" not in why  # W1


@pytest.mark.parametrize(("answers", "wording", "other"), [
    (meds("melatonin"), None, "seizure"),
    (meds("sertraline"), "dizziness, worry and poor sleep", "seizure"),
    (meds("Effexor"), "antidepressants", "seizure"),
    (meds("gabapentin"), "seizure medicines", "benzodiazepine"),
    (meds("Xanax"), "poor sleep and worry can come back", "antidepressant"),
    (meds("Ambien"), "lower these medicines slowly", "seizure"),
    (meds("oxycodone"), "not to stop an opioid all at once", "seizure"),
])
def test_stopping_wording_fits_the_class_listed(questionnaire, answers, wording, other):
    why = point(questionnaire, {"thinking_of_stopping": "yes", **answers}, "stopping-safely").why
    if wording:
        assert wording in why
    assert other not in why.lower()


def test_hoping_for_a_medicine_while_drinking_is_raised_without_a_safety_flag(questionnaire):
    answers = {"sex": "male", "audit_1": "4_plus_week", "audit_2": "ten_or_more",
               "audit_3": "daily", "considering_medicine": "yes"}
    found = point(questionnaire, answers, "alcohol-and-hoping-for-a-medicine")
    assert not found.is_safety
    assert "alcohol-with-sedating-medicine" not in [
        p.id for p in evaluate_answers(questionnaire, answers).talking_points]


# --- the engine, on a small questionnaire of its own -------------------------------------

SMALL = dedent("""\
    settings: {version: "1"}
    sources:
      s: {name: A guide, year: 2020, title: The guide, url: https://example.org/s}
    medicine_classes:
      benzodiazepine: {label: Benzodiazepine, plain: a benzodiazepine, tags: [sedating]}
      opioid: {label: Opioid, plain: an opioid, tags: [sedating]}
    medicines:
      - {name: clonazepam, class: benzodiazepine, brands: [Klonopin]}
      - {name: oxycodone, class: opioid}
    pages:
      - id: p
        title: Your sleep
        questions:
          - {id: meds, type: medicine_list, label: Medicines, fields: {}}
          - id: effects
            type: multiple_choice
            label: Effects
            options:
              - {value: a, label: A, phrase: effect a}
              - {value: b, label: B, phrase: effect b}
              - {value: c, label: C}
    talking_points:
      - id: t
        when:
          any:
            - {medicine: {class: opioid}}
            - {question: effects, any_of: [a, b]}
            - {not: {medicine: {class: benzodiazepine}}}
        ask: What now?
        why: The guideline says so.
        source: s
        triggers:
          - when: {medicine: {class: opioid}}
            raise: You said you take {medicines}.
            say: I want to talk about it.
          - when: {question: effects, any_of: [a, b]}
            raise: You said you had {effects}.
            say: I want to talk about it.
        parts:
          - when: {medicine: {class: benzodiazepine}}
            why: The guideline says more about {medicines}.
            source: s
      - {id: f, fallback: true, raise: Describe it., say: I said so., ask: "What helps?",
         why: The guideline says so., source: s}
    """)


def small_points(answers):
    q = parse_questionnaire(SMALL)
    return q, {p.id: p for p in evaluate_answers(q, answers).talking_points}


def test_a_point_with_triggers_says_only_those_that_hold_and_its_parts_that_hold():
    _, found = small_points({"meds": [{"name": "Klonopin"}, {"name": "oxycodone"}],
                             "effects": ["b", "c"]})
    raised = found["t"].raise_text
    assert raised.startswith("You said you take oxycodone") and "Klonopin" not in raised
    assert raised.endswith(". You said you had effect b.")
    why = found["t"].why
    assert why.startswith("The guideline says so. The guideline says more about "
                          "Klonopin (clonazepam")
    assert "oxycodone" not in why
    assert [s.id for s in found["t"].sources] == ["s"]
    _, found = small_points({"effects": ["a"]})
    assert found["t"].raise_text == "You said you had effect a."


def test_a_point_whose_when_holds_but_no_trigger_does_is_not_given():
    _, found = small_points({"effects": ["c"]})  # the `not` branch holds; no trigger does
    assert list(found) == ["f"]


def test_what_made_an_any_true_counts_and_what_is_under_not_never_does():
    q = parse_questionnaire(SMALL)
    rule = q.talking_points[0]
    from webapp.engine.rules import _walk

    _, facts = _walk(q, {"meds": [{"name": "Klonopin"}, {"name": "oxycodone"}],
                         "effects": ["a", "c"]})
    found = witness(rule.when, facts)
    assert [m.generic for m in found.medicines] == ["oxycodone"]  # not the benzodiazepine
    assert found.options == {"effects": frozenset({"a"})}  # c was ticked but not asked for
    assert witness(rule.when, Facts({"effects": ["c"]})) is not None
    assert witness(rule.when, Facts({"effects": ["c"]})).medicines == ()


# --- whole classes of wording, over every rule's triggers, near misses and patients ------

#: Classes whose labels warn that stopping all at once can bring on seizures (review U8, W12).
SEIZURE_CLASSES = {"benzodiazepine", "barbiturate", "gabapentinoid", "anticonvulsant"}
#: Points whose why states a risk that could frighten someone on a benzodiazepine or Z-drug
#: into stopping it (death, overdose, falls, harm to a baby, dependence...): each must also
#: say that stopping all at once can be dangerous, and ask how to change safely (H6).
RISK_POINTS = {
    "opioid-with-sedative", "alcohol-with-sedating-medicine", "complex-sleep-behaviors",
    "sleep-behaviors", "memory-or-falls-older", "pregnancy-and-medicines",
    "older-adult-benzodiazepine-or-z-drug", "several-brain-medicines", "two-benzodiazepines",
    "long-term-use", "needing-more", "drugs-with-sedating-medicine"}


def wording_problems(questionnaire, answers) -> list[str]:
    """What in these answers' talking points breaks the review's rules on wording."""
    evaluation = evaluate_answers(questionnaire, answers)
    classes = set().union(*(med.classes for med in evaluation.medicines))
    ticked = {qid: {item for item in (value if isinstance(value, list) else [value])
                    if isinstance(item, str)}
              for qid, value in evaluation.answers.items()}
    problems = []
    for found in evaluation.talking_points:
        why = found.why.lower()
        if "benzodiazepine" in why and "benzodiazepine" not in classes:
            problems.append(f"{found.id}: a benzodiazepine sentence, none listed (U7)")
        if "seizure" in why and not classes & SEIZURE_CLASSES:
            problems.append(f"{found.id}: seizure wording without a medicine it fits (U8)")
        if found.id in RISK_POINTS and classes & {"benzodiazepine", "z_drug"} and not (
                "all at once" in why and "safely?" in found.ask):
            problems.append(f"{found.id}: states a risk of these medicines to someone on a "
                            "benzodiazepine or Z-drug without saying that stopping all at once "
                            "can be dangerous, or asking how to change safely (H6)")
        for question in questionnaire.all_questions:
            for option in question.options:
                if option.phrase and option.phrase in found.raise_text and \
                        option.value not in ticked.get(question.id, ()):
                    problems.append(f"{found.id}: says {option.phrase!r}, not ticked (W11)")
    return problems


def _every_answer_set():
    from test_patients import NAMES

    for point_id, answers, near_miss in TRIGGERS:
        yield f"{point_id} trigger", answers
        yield f"{point_id} near miss", near_miss
    for name in NAMES:
        yield name, name  # read below, once the questionnaire is known


def test_no_point_breaks_the_wording_rules_for_any_trigger_near_miss_or_patient(questionnaire):
    from test_patients import read

    problems = []
    for label, answers in _every_answer_set():
        if isinstance(answers, str):
            answers = read(answers, questionnaire).answers
        problems += [f"[{label}] {problem}" for problem in wording_problems(questionnaire,
                                                                              answers)]
    assert problems == []


@pytest.mark.parametrize(("answers", "problem"), [
    ({"thinking_of_stopping": "yes", **meds("melatonin")}, "(U8)"),
    ({"cannabis": "daily", **meds("gabapentin")}, "(U7)"),
])
def test_the_wording_check_itself_finds_what_it_looks_for(questionnaire, answers, problem,
                                                           monkeypatch):
    """The check above can fail: a why that says too much is caught."""
    from webapp.engine import points

    real = points.build_point

    def louder(questionnaire, rule, facts, checked=False):
        found = real(questionnaire, rule, facts, checked)
        if found is None:
            return None
        from dataclasses import replace
        return replace(found, why=found.why + " The FDA warns that stopping a benzodiazepine "
                       "all at once can cause seizures.")

    monkeypatch.setattr("webapp.engine.rules.build_point", louder)
    assert any(message.endswith(problem) for message in wording_problems(questionnaire, answers))


# --- with the vocabulary: combination products, two medicines on a row ------------------


def test_the_medicines_are_named_with_their_generic_and_plain_class(questionnaire):
    raised = point(questionnaire, meds("Percocet", "Klonopin"), "opioid-with-sedative").raise_text
    assert raised == ("Tell your doctor that you take Percocet (oxycodone, an opioid pain or "
                      "cough medicine) and Klonopin (clonazepam, a benzodiazepine).")


def test_two_medicines_on_one_row_are_both_named(questionnaire):
    raised = point(questionnaire, meds("Klonopin and oxycodone"),
                   "opioid-with-sedative").raise_text
    assert "clonazepam" in raised and "oxycodone" in raised


@pytest.mark.parametrize("name", ["Tylenol #3", "promethazine with codeine"])
def test_the_codeine_in_a_combination_product_counts(questionnaire, name):
    raised = point(questionnaire, meds(name, "Xanax"), "opioid-with-sedative").raise_text
    assert "codeine" in raised and "alprazolam" in raised


def test_common_medicines_that_are_not_sleep_medicines_raise_nothing(questionnaire):
    assert [p.id for p in evaluate_answers(
        questionnaire, {"drives": "yes", **meds("lisinopril", "Restasis")}).talking_points] \
        == ["nothing-flagged"]


@pytest.mark.parametrize(("answers", "said", "not_said"), [
    (meds("Benadryl", purpose="hay fever"), "You listed Benadryl", "for sleep"),
    ({"otc_aids": ["diphenhydramine"]}, "for sleep", "You listed")])
def test_an_antihistamine_is_called_a_sleep_aid_only_when_the_patient_said_so(
        questionnaire, answers, said, not_said):
    """Review U3: someone who listed Benadryl for hay fever is not told they take it to sleep."""
    given = point(questionnaire, answers, "antihistamine-sleep-aid")
    assert said in given.raise_text and not_said not in given.raise_text
    assert "for sleep" not in given.title


def test_daytime_sleepiness_adds_the_medicines_and_driving_only_when_said(questionnaire):
    plain = point(questionnaire, {"sleep_problems": ["sleepy_day"]}, "daytime-sleepiness")
    assert "medicines" not in plain.ask and "drive" not in plain.raise_text
    full = point(questionnaire, {"sleep_problems": ["sleepy_day"], "drives": "yes",
                                 **meds("trazodone")}, "daytime-sleepiness")
    assert "medicines" in full.ask and "drive" in full.raise_text


@pytest.mark.parametrize(("point_id", "answers"), [
    ("opioid-with-sedative", meds("Percocet", "Klonopin")),
    ("opioid-with-gabapentinoid", meds("oxycodone", "gabapentin")),
    ("opioid-with-other-sedating-medicine", meds("tramadol", "Seroquel"))])
def test_every_opioid_combination_asks_about_naloxone_with_its_sources(questionnaire, point_id,
                                                                       answers):
    """Review N1: the naloxone question and when to get help, from the FDA and the CDC."""
    given = point(questionnaire, answers, point_id)
    assert "Should I have naloxone at home?" in given.ask
    assert "get medical help at once" in given.why and "reverses an opioid overdose" in given.why
    cited = {source.id for source in given.sources}
    assert {"fda-2016-opioids-benzodiazepines", "cdc-2022-opioids"} <= cited


def test_naloxone_is_never_asked_without_an_opioid(questionnaire):
    given = evaluate_answers(questionnaire, meds("Klonopin", "Ambien", "gabapentin"))
    assert not any("naloxone" in p.ask + p.why for p in given.talking_points)
