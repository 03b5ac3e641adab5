"""The guardrail bites on recommendations and diagnoses, and lets talking points through."""

from __future__ import annotations

import textwrap

import pytest

from webapp.guardrail import problems_in
from webapp.loader import parse_questionnaire
from webapp.problems import QuestionnaireError

BAD = [
    ("Do not take clonazepam with oxycodone.", "instruction"),
    ("Taper by 0.25 mg every two weeks.", "dose"),
    ("You should not drive.", "obligation"),
    ("CBT-I is better for you than pills.", "verdict"),
    ("You have sleep apnea.", "diagnosis"),
    ("Take half a tablet at bedtime.", "dose"),
    ("Stop taking Xanax.", "instruction"),
    ("Start melatonin tonight.", "instruction"),
    ("Increase your zolpidem if it stops working.", "instruction"),
    ("Reduce the dose slowly.", "instruction"),
    ("Skip your evening pill when you drink.", "instruction"),
    ("Switch to trazodone.", "instruction"),
    ("Never mix alcohol and sleeping pills.", "instruction"),
    ("You must tell nobody.", "obligation"),
    ("You need to cut down on alcohol.", "obligation"),
    ("You ought to see a sleep specialist.", "obligation"),
    ("Make sure you take it with food.", "obligation"),
    ("It is best to stop slowly.", "obligation"),
    ("We recommend CBT-I.", "obligation"),
    ("You are addicted to benzodiazepines.", "diagnosis"),
    ("You suffer from insomnia.", "diagnosis"),
    ("You probably have restless legs syndrome.", "diagnosis"),
    ("Your score means you have an anxiety disorder.", "diagnosis"),
    ("You have an alcohol use disorder.", "diagnosis"),
    ("Clonazepam is safe for you.", "verdict"),
    ("It is not safe to take these together.", "verdict"),
    ("Melatonin is safer than zolpidem.", "verdict"),
    ("There is nothing to worry about.", "verdict"),
    ("The usual dose is 1 mg.", "dose"),
    ("Two tablets a night is the most.", "dose"),
    ("Most people take 5-10 mg.", "dose"),
    ("Try CBT-I before any pills.", "instruction"),
    ("Avoid alcohol near bedtime.", "instruction"),
    ("Please do not drive the morning after.", "instruction"),
    ("You can keep it, but do not drive.", "instruction"),
    ("Change your medicine if you feel groggy.", "instruction"),
    ("Use 10 ml of the syrup.", "dose"),
]

GOOD = [
    "Tell your doctor that you take clonazepam and an opioid pain medicine.",
    "Ask your doctor: is it safe for me to stop, and how would we do it?",
    "You said you drive most mornings and feel groggy. Mention this.",
    "Ask whether non-drug treatment such as CBT-I could help.",
    "Your answers match signs doctors ask about for sleep apnea.",
    "The FDA warns that stopping suddenly can cause serious withdrawal, including seizures.",
    "Do you have epilepsy or another seizure condition?",
    "Stopping or changing a medicine",
    "Start again and delete my answers",
    "Some sleep medicines do not mix well with alcohol.",
    "Is this medicine still the right choice for me?",
    "How long have you had trouble sleeping?",
]


@pytest.mark.parametrize("sentence, rule", BAD)
def test_bad_sentences_are_rejected_for_the_right_reason(sentence, rule):
    rules = {problem.rule for problem in problems_in(sentence)}
    assert rule in rules, f"{sentence!r} passed the {rule} rule (found {rules or 'nothing'})"


def test_there_are_at_least_thirty_bad_sentences():
    assert len(BAD) >= 30


@pytest.mark.parametrize("sentence", GOOD)
def test_talking_point_wording_passes(sentence):
    assert problems_in(sentence) == []


def test_the_shipped_questionnaire_passes(questionnaire):
    assert questionnaire.pages, "questions.yaml loads, so every text in it passed"


def test_a_questionnaire_that_recommends_is_refused_with_its_line():
    text = textwrap.dedent("""\
        sources:
          s: {name: A source, year: 2020, title: A guide, url: https://example.org/s}
        pages:
          - id: p
            title: Page
            questions:
              - id: q
                type: yes_no
                label: Do you sleep well?
        talking_points:
          - id: bad
            when: {question: q, equals: "no"}
            raise: You should stop your sleeping pills.
            ask: Which pill is best for me?
            why: Clonazepam is not safe for you at 2 mg.
            source: s
        """)
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text)
    report = caught.value.report()
    assert "[line 13, talking_points[0].raise] This text says 'you should'" in report
    assert "[line 15, talking_points[0].why] This text states a dose amount" in report
    assert "[line 15, talking_points[0].why] This text gives a verdict on safety" in report
    assert "talking_points[0].ask" not in report
