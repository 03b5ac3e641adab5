"""The guardrail is an allow-list of sentence forms: anything that takes none is refused.

Each kind of text (the YAML key it sits under) may take some forms; inside every form a
second line still refuses doses, orders, obligations, diagnoses, verdicts and unsourced
claims; and text the rule cannot read as English is refused before any form is looked for.
"""

from __future__ import annotations

import textwrap

import pytest
from conftest import QUESTIONS, read_yaml

from webapp.engine.english import can_be_verb, unknown_words
from webapp.engine.guardrail import check_texts, problems_in
from webapp.engine.loader import load_questionnaire, parse_questionnaire, wording_texts
from webapp.engine.problems import QuestionnaireError, format_path

QUESTIONNAIRE = load_questionnaire(QUESTIONS)
#: The vocabulary's names, and naloxone, which the review's N1 suggests a question about.
NAMES = QUESTIONNAIRE.wording_names | {"naloxone"}
SHIPPED = list(wording_texts(read_yaml(QUESTIONS)))


def rules_for(text: str, kind: str = "text") -> set[str]:
    return {problem.rule for problem in problems_in(text, kind, NAMES)}


# --- refused ---------------------------------------------------------------------------------

#: The issue's three sentences, which the old list of bad phrases let through.
ISSUE_EXAMPLES = [
    ("Discontinuing clonazepam abruptly is fine.", {"form", "verdict"}),
    ("Cut the pill in half.", {"form", "instruction"}),
    ("Have a drink to help you sleep.", {"form", "instruction"}),
]


@pytest.mark.parametrize("kind", ["text", "why", "raise", "intro", "hint", "title", "option"])
@pytest.mark.parametrize("sentence, expected", ISSUE_EXAMPLES)
def test_the_issues_three_sentences_are_refused_in_every_kind_of_text(sentence, expected, kind):
    found = rules_for(sentence, kind)
    assert found, f"{sentence!r} passed as a {kind}"
    if kind == "text":
        assert expected <= found


REFUSED = [
    # doses, in every form the app writes
    ("Should I take 2 tablets?", "ask", "dose"),
    ("Ask your doctor: should I take 2 tablets?", "raise", "dose"),
    ("Tell your doctor you take 0.5 mg at night.", "raise", "dose"),
    ("You said you take 10 mg.", "raise", "dose"),
    ("The FDA says the usual dose is 1 mg.", "why", "dose"),
    ("Some people take two pills a night.", "why", "dose"),
    ("Half a tablet", "option", "dose"),
    ("Take 0.5 mg at bedtime.", "text", "dose"),
    ("Taper by 0.25 mg every two weeks.", "text", "dose"),
    ("Use 10 ml of the syrup.", "text", "dose"),
    # orders that are not to share: no form takes them
    ("Stop taking clonazepam.", "text", "form"),
    ("Do not drive.", "text", "form"),
    ("Avoid screens.", "text", "form"),
    ("Try melatonin.", "text", "form"),
    ("Halve the dose.", "text", "form"),
    ("Keep taking it.", "text", "form"),
    ("Switch to trazodone.", "raise", "form"),
    ("Never mix alcohol and sleeping pills.", "why", "form"),
    ("Get more sleep.", "intro", "form"),
    ("Sleep more.", "text", "form"),
    ("Bring down the dose.", "raise", "form"),
    ("Avoid alcohol", "title", "form"),
    ("Try melatonin", "title", "form"),
    ("Drink water before bed", "summary_label", "form"),
    ("Stop taking it", "option", "form"),
    ("Cut back on sleeping pills", "label", "form"),
    ("Take melatonin at night.", "hint", "form"),
    ("Take melatonin. The FDA warns that it can slow breathing.", "why", "form"),
    ("Take melatonin, the FDA says.", "why", "instruction"),
    ("Call or text 988.", "text", "form"),
    ("Stop taking your medicine.", "crisis_line", "form"),
    # diagnoses, claims and verdicts
    ("You have insomnia.", "text", "diagnosis"),
    ("You have insomnia.", "raise", "form"),
    ("You probably have restless legs syndrome.", "why", "diagnosis"),
    ("Your score means you have an anxiety disorder.", "why", "diagnosis"),
    ("Melatonin works well for sleep.", "text", "form"),
    ("Melatonin works well for sleep.", "why", "form"),
    ("Melatonin works well for sleep.", "hint", "unsourced"),
    ("Some people find melatonin helps.", "why", "unsourced"),
    ("It is fine to stop all at once.", "text", "verdict"),
    ("Clonazepam is safe.", "text", "verdict"),
    ("Stopping it suddenly is okay.", "why", "verdict"),
    ("The FDA warns that it is fine to stop.", "why", "verdict"),
    ("It is a good idea to cut back.", "text", "verdict"),
    ("There is nothing to worry about.", "why", "verdict"),
    ("Doctors recommend melatonin.", "why", "form"),
    ("You should stop.", "text", "obligation"),
    ("Make sure you take it with food.", "text", "obligation"),
    ("We recommend CBT-I.", "intro", "obligation"),
    # a fact with no source, or a source the app may not cite
    ("Alcohol adds to the effect of sleepy medicines.", "why", "form"),
    ("The articles this app started from say sleep helps.", "why", "form"),
    # the wrong form for the kind of text
    ("Tell your doctor about it.", "ask", "form"),
    ("Stop taking it, okay?", "ask", "form"),
    ("Ask your doctor about it.", "why", "form"),
    ("The FDA warns that opioids slow breathing.", "raise", "form"),
    ("Is it safe?", "summary_label", "form"),
    # not English
    ("Deje de tomar clonazepam.", "text", "language"),
    ("Tome 2 tabletas antes de dormir.", "text", "language"),
    ("Usted tiene insomnio.", "text", "language"),
    ("Arrêtez le médicament.", "text", "language"),
    ("¿Puedo dejar de tomar clonazepam?", "ask", "language"),
    ("Puis-je arrêter?", "ask", "language"),
    ("Hören Sie auf, das Medikament zu nehmen.", "raise", "language"),
    ("Сон важен.", "why", "language"),
    ("Nunca", "text", "language"),
    ("Nunca", "option", "language"),
    ("Sí", "option", "language"),
    ("Jamais", "option", "language"),
    ("Schlaf und Sorgen", "title", "language"),
    ("Tell your doctor que usted tiene insomnio.", "raise", "language"),
    ("Talking therapy or counselling", "option", "language"),
]


@pytest.mark.parametrize("text, kind, rule", REFUSED)
def test_refused_for_the_right_reason(text, kind, rule):
    found = rules_for(text, kind)
    assert rule in found, f"{text!r} as a {kind} passed the {rule} rule (found {found})"


def test_text_in_another_language_gets_only_the_language_problem():
    [problem] = problems_in("Deje de tomar clonazepam. Tome 2 tabletas.", "raise", NAMES)
    assert problem.rule == "language"
    assert problem.expected == "Deje, de, tomar, tabletas"  # Tome is an English word


# --- accepted --------------------------------------------------------------------------------

#: The clinical review's suggested rewrites (sections 1a and 6) that it says pass, as the
#: kind of text each would be. Two are extended the way they would be used: H6's "It also
#: warns" follows the FDA sentence it continues, and H1/U2's unsourced explanation names
#: its source (see test_an_unsourced_explanation_needs_its_source).
REVIEW_REWRITES = [
    ("The American Geriatrics Society advises doctors to avoid benzodiazepines and Z-drugs "
     "in most people 65 or older. They raise the risk of falls, broken bones, confusion and "
     "car crashes.", "why"),
    ("The FDA warns that together these medicines can cause extreme sleepiness, slowed "
     "breathing, coma and death. It also warns that stopping a benzodiazepine all at once can "
     "be dangerous.", "why"),
    ("If anything about these medicines should change, how would we do it safely?", "ask"),
    ("Tell your doctor or pharmacist soon, even before the visit.", "raise"),
    ("A Canadian deprescribing guideline says that when these medicines are used for sleep, "
     "they are usually meant for a short time. Over time the body can get used to them. Then "
     "you may need more for the same effect, and stopping all at once can cause withdrawal.",
     "why"),
    ("Could a talking therapy for sleep, called CBT-I, help me?", "ask"),
    ("Tell your doctor about your worry, and how it affects your sleep.", "raise"),
    ("You said you take a medicine that was not prescribed to you. Tell your doctor which one.",
     "raise"),
    ("Alcohol can make some medicines more sleepy. The FDA warns that alcohol with a "
     "benzodiazepine or an opioid can slow breathing.", "why"),
    ("The FDA's boxed warning says these medicines can make people walk, drive or do other "
     "things while not fully awake. Some people were badly hurt.", "why"),
    ("The FDA's boxed warning, its most prominent kind of warning, says these medicines can "
     "make people walk or do things while not fully awake.", "why"),
    ("Your answers match signs doctors ask about for sleep apnea (when breathing stops and "
     "starts during sleep). Mention them.", "raise"),
    ("Should I have naloxone at home?", "ask"),
    ("The FDA says to get help at once if someone is very hard to wake or breathing slowly.",
     "why"),
]

#: One or more samples of each form, in the kinds that allow it.
SAMPLES = [
    ("Is it safe for me to stop, and how would we do it?", "ask"),
    ("With my history, which treatments for sleep fit me best?", "ask"),
    ("Tell your doctor that you take clonazepam and an opioid pain medicine.", "raise"),
    ("Ask your doctor: is it safe for me to stop, and how would we do it?", "raise"),
    ("Ask whether non-drug treatment such as CBT-I could help.", "raise"),
    ("Bring this printout to your visit. Show it to your doctor.", "raise"),
    ("Write down your questions. Describe your sleep in your own words.", "raise"),
    ("You said you drive most mornings and feel groggy. Mention this.", "raise"),
    ("You ticked that you snore. Say this early in the visit.", "raise"),
    ("Your answers match signs doctors ask about for sleep apnea.", "raise"),
    ("The FDA warns that stopping suddenly can cause serious withdrawal, including seizures.",
     "why"),
    ("According to the American Academy of Sleep Medicine, sleep apnea has its own "
     "treatments.", "why"),
    ("A sleep guideline found little proof that these antihistamines help.", "why"),
    ("The American College of Physicians names CBT-I as the first treatment for long-term "
     "insomnia.", "why"),
    ("The medicine's label lists sleepwalking as a side effect.", "why"),
    ("You said you drive most mornings.", "why"),
    ("We ask because some medicines for sleep can affect a baby.", "why"),
    ("Doctors ask about snoring because it can be a sign of sleep apnea.", "why"),
    ("Some medicines for sleep and worry can reach a baby before birth.", "why"),
    ("Choose all that apply. Leave it blank if you are not sure.", "hint"),
    ("Count cups of coffee or tea. Enter 0 if none.", "hint"),
    ("Tick each one you take. Include ones from a shop.", "intro"),
    ("These questions are about alcohol. There are no right or wrong answers.", "intro"),
    ("Your sleep", "title"),
    ("Stopping or changing a medicine", "title"),
    ("Describe your sleep", "title"),
    ("Worry at night", "title"),
    ("I wake up too early", "option"),
    ("Prefer not to say", "option"),
    ("Help for anxiety now", "summary_label"),
    ("moderate", "band"),
    ("This is not medical advice. It does not diagnose or recommend treatment. Bring it to "
     "your doctor.", "disclaimer"),
    ("If you are in crisis, get help now. In the US, call or text 988. Elsewhere, call your "
     "local emergency number.", "crisis_line"),
    ("score 12 of 21; the scale's authors call this range moderate; a screening score, not a "
     "diagnosis", "score"),
    # placeholders stand for noun phrases
    ("You listed {medicines}. Mention this.", "raise"),
    ("Tell your doctor that you take {medicines}.", "raise"),
    ("The FDA warns that {medicines} together can slow breathing.", "why"),
    ("You ticked {ticked}. Tell your doctor about them.", "raise"),
]


@pytest.mark.parametrize("text, kind", REVIEW_REWRITES + SAMPLES)
def test_accepted(text, kind):
    assert problems_in(text, kind, NAMES) == []


@pytest.mark.parametrize("path, kind, text", [t for t in SHIPPED if t[0][0] != "talking_points"],
                         ids=lambda value: format_path(value) if isinstance(value, tuple) else "")
def test_every_page_and_settings_text_of_questions_yaml_passes(path, kind, text):
    assert problems_in(text, kind, QUESTIONNAIRE.wording_names) == []


def test_an_unsourced_explanation_needs_its_source():
    """The review's H1/U2 rewrite, as written, states facts in the app's own voice."""
    text = ("When these medicines are used for sleep, they are usually meant for a short time. "
            "Over time the body can get used to them.")
    assert rules_for(text, "why") == {"form"}
    assert rules_for("The deprescribing guideline says that w" + text[1:], "why") == set()


# --- questions.yaml as a whole, through the loader ----------------------------------------------

@pytest.mark.parametrize("path, kind, text", SHIPPED,
                         ids=lambda value: format_path(value) if isinstance(value, tuple) else "")
def test_every_text_of_questions_yaml_passes(path, kind, text):
    assert problems_in(text, kind, QUESTIONNAIRE.wording_names) == []


def test_a_questionnaire_that_recommends_is_refused_with_each_place_and_line():
    text = textwrap.dedent("""\
        sources:
          s: {name: A source, year: 2020, title: A guide, url: https://example.org/s}
        pages:
          - id: p
            title: Page one
            intro: Avoid screens in bed.
            questions:
              - id: q
                type: yes_no
                label: Do you sleep well?
                options:
                  - {value: "yes", label: "Yes"}
                  - {value: "no", label: Nunca}
        talking_points:
          - id: bad
            when: {question: q, equals: "no"}
            raise: You should stop your sleeping pills.
            ask: Tell your doctor which pill is best.
            why: Melatonin is not safe for you at 2 mg.
            source: s
        """)
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text)
    report = caught.value.report()
    assert ("[line 6, pages[0].intro] This sentence is not one of the sentence forms the app "
            "writes in a page introduction: \u201cAvoid screens in bed.\u201d") in report
    assert "[line 13, pages[0].questions[0].options[1].label] This text is not in English" in report
    assert "[line 17, talking_points[0].raise] This text says 'you should'" in report
    assert ("[line 18, talking_points[0].ask] This sentence is not one of the sentence forms "
            "the app writes in a suggested question") in report
    assert "Make it a question for the doctor" in report
    assert "[line 19, talking_points[0].why] This text states a dose amount" in report
    assert "[line 19, talking_points[0].why] This text gives a verdict on safety" in report
    assert "Name its source (\u201cThe FDA warns that ...\u201d)" in report


def test_summary_places_are_read_as_their_kind_of_text():
    texts = [("opioid ask", "Tell your doctor."), ("opioid raise", "Tell your doctor."),
             ("key answer", "Stop taking it"), ("crisis line", "Call or text 988.")]
    messages = check_texts(texts)
    assert {m.split("]")[0] for m in messages} == {"[opioid ask", "[key answer"}
    assert check_texts([("anything", "Tell your doctor.", "why")]) != []


# --- the English the rule reads ------------------------------------------------------------------

@pytest.mark.parametrize("word", ["cut", "take", "have", "keep", "avoid", "try", "halve", "stop",
                                  "use", "drink", "skip", "switch", "reduce", "start", "change"])
def test_verbs_that_give_orders_can_be_verbs(word):
    assert can_be_verb(word)


@pytest.mark.parametrize("word", ["the", "not", "less", "yes", "past", "alcohol", "melatonin",
                                  "dizziness", "female", "memory", "severe", "coffee"])
def test_nouns_adjectives_and_function_words_cannot(word):
    assert not can_be_verb(word)


def test_names_the_questionnaire_gives_are_english_enough():
    assert unknown_words("Klonopin and zolpidem") == ["Klonopin", "zolpidem"]
    assert unknown_words("Klonopin and zolpidem", QUESTIONNAIRE.wording_names) == []
    assert unknown_words("The FDA's warning") == []


def test_the_loader_and_the_questionnaire_excuse_the_same_names():
    """`flask check` and the tests must judge a text alike: the same names pass as English."""
    from webapp.engine.loader import wording_names

    raw = read_yaml(QUESTIONS)
    assert wording_names(raw) == QUESTIONNAIRE.wording_names


# --- the sheet's texts in the patient's voice (`say`) -------------------------------------------

@pytest.mark.parametrize("text", [
    "I take {medicines}.",
    "I am 65 or older and take {medicines}. I would like us to look at them together.",
    "I am thinking about stopping or changing a medicine. I can say which one, and why.",
    "My answers to the two mood questions (the PHQ-2) add up to 3 or more.",
    "In the past, I had a problem with alcohol or drugs.",
    "I said that I snore loudly.",
    "I chose to leave out two points, one of them a safety point.",
])
def test_the_patient_speaking_to_the_doctor_is_a_say(text):
    assert problems_in(text, "say", NAMES) == []


@pytest.mark.parametrize(("text", "rule"), [
    ("I have insomnia.", "diagnosis"),
    ("I am addicted to {medicines}.", "diagnosis"),
    ("My diagnosis is sleep apnea.", "diagnosis"),
    ("I will stop taking {medicines}.", "instruction"),
    ("I need to take more of {medicines}.", "instruction"),
    ("I am going to cut {medicines} in half.", "instruction"),
    ("I take 2 tablets at night.", "dose"),
    ("Melatonin helps me sleep.", "form"),
    ("Tell your doctor that you take {medicines}.", "form"),
    ("I take {medicines}, which is safe.", "verdict"),
])
def test_a_say_may_not_diagnose_order_dose_or_speak_for_the_app(text, rule):
    assert rule in rules_for(text, "say")
