"""The reveal stylesheet: follow-ups whose condition reads a choice on their own page."""

from __future__ import annotations

from textwrap import dedent

from webapp.engine.loader import parse_questionnaire
from webapp.engine.reveal import RevealStyles, page_reveals

PAGE = dedent("""\
    settings: {version: "1"}
    pages:
      - id: p
        title: P
        questions:
          - id: sex
            type: single_choice
            label: Sex
            options: [{value: female, label: Female}, {value: male, label: Male}]
          - id: habits
            type: multiple_choice
            label: Habits
            options: [{value: naps, label: Naps}, {value: coffee, label: Coffee}]
          - {id: cups, type: number, label: Cups, min: 0, max: 30}
          - id: pregnant
            type: yes_no
            label: Are you pregnant?
            when: {not: {question: sex, equals: male}}
          - id: coffee_late
            type: yes_no
            label: Do you drink coffee late?
            when: {all: [{question: habits, any_of: [coffee]}, {question: sex, answered: true}]}
          - id: either
            type: yes_no
            label: Either
            when: {any: [{question: sex, one_of: [female]}, {question: habits, any_of: [naps]}]}
          - id: many_cups
            type: yes_no
            label: Do you drink many cups?
            when: {question: cups, at_least: 5}
          - id: after_pregnant
            type: yes_no
            label: After
            when: {question: pregnant, equals: "yes"}
    talking_points: []
    """)


def test_choices_on_the_same_page_become_selectors_of_the_form():
    reveals = page_reveals(parse_questionnaire(PAGE).pages[0])
    assert reveals.rules == {
        "pregnant": ':not(:has(input[name="sex"][value="male"]:checked))',
        "coffee_late": ':has(input[name="habits"][value="coffee"]:checked)'
                       ':has(input[name="sex"]:checked)',
        "either": ':is(:has(input[name="sex"][value="female"]:checked), '
                  ':has(input[name="habits"][value="naps"]:checked))',
    }


def test_each_follow_up_hides_exactly_when_its_condition_is_false():
    css = RevealStyles(parse_questionnaire(PAGE)).css
    assert ('form:has(input[name="sex"][value="male"]:checked) #question-pregnant '
            "{ display: none; }") in css
    assert ('form:not(:has(input[name="habits"][value="coffee"]:checked):has(input[name="sex"]'
            ':checked)) #question-coffee_late { display: none; }') in css


def test_what_a_stylesheet_cannot_see_is_left_to_the_server():
    reveals = page_reveals(parse_questionnaire(PAGE).pages[0])
    assert "many_cups" not in reveals.question_ids, "a number is not a ticked box"
    # A follow-up of a follow-up: a hidden answer counts as not given, which CSS cannot see.
    assert "after_pregnant" not in reveals.question_ids


def test_the_shipped_pregnancy_question_hides_when_male_is_chosen(questionnaire):
    styles = RevealStyles(questionnaire)
    assert ('form:has(input[name="sex"][value="male"]:checked) '
            "#question-pregnancy { display: none; }") in styles.css
    assert styles.pages["caffeine"].rules == {}, "a number decides: shown after Continue"
    assert len(styles.version) == 12
