"""The loader's checks on sources and talking points: each problem with its place.

A cited source needs its title and URL; a placeholder must always be filled with
something this patient said; a trigger must say what the patient said.
"""

from __future__ import annotations

from textwrap import dedent, indent

import pytest

from webapp.engine.loader import parse_questionnaire
from webapp.engine.problems import QuestionnaireError, format_path

HEAD = dedent("""\
    settings: {version: "1"}
    sources:
      s: {name: A guide, year: 2020, title: The guide, url: https://example.org/s}
    medicine_classes:
      opioid: {label: Opioid, plain: an opioid, tags: [sedating]}
    medicines:
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
              - {value: b, label: B}
          - {id: goal, type: text, label: Your goal}
    talking_points:
      - {id: f, fallback: true, raise: Describe it., say: I said so.,
         ask: "What helps?", why: The guideline says so., source: s}
    """)


def problems(points: str, head: str = HEAD) -> list[tuple[str, str]]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(head + indent(dedent(points), "  "))
    return [(format_path(p.path), p.message) for p in caught.value.problems]


def loads(points: str) -> None:
    parse_questionnaire(HEAD + indent(dedent(points), "  "))


def test_a_valid_point_with_placeholders_triggers_and_parts_loads():
    loads("""\
      - id: t
        when: {medicine: {class: opioid}}
        raise: You said you take {medicines}.
        say: I want to talk about it.
        ask: What now?
        why: The guideline says so.
        source: s
        triggers:
          - {when: {question: effects, any_of: [a]}, raise: "You said you had {effects}.",
             say: "I said so."}
        parts:
          - {when: {medicine: any}, ask: "Which of {medicines} matters most?"}
    """)


@pytest.mark.parametrize(("raise_text", "when", "message"), [
    ("You said {colour}.", "{medicine: any}", "'{colour}' is not a placeholder"),
    ("You said you take {medicines}.", "{any: [{medicine: any}, {question: effects, "
     "any_of: [a]}]}", "'{medicines}' could be left empty"),
    ("You said you take {medicines}.", "{not: {medicine: any}}",
     "'{medicines}' could be left empty"),
    ("You said you had {effects}.", "{question: effects, any_of: [a, b]}",
     "may name the option(s) b of 'effects', which have no 'phrase'"),
    ("You said {goal}.", "{question: goal, answered: true}", "'{goal}' could be left empty"),
    ("You said {medicines.", "{medicine: any}", "has no partner"),
])
def test_a_placeholder_that_could_be_unknown_or_empty_is_reported(raise_text, when, message):
    found = problems(f"""\
      - id: t
        when: {when}
        raise: "{raise_text}"
        say: I want to talk about it.
        ask: What now?
        why: The guideline says so.
        source: s
    """)
    assert [path for path, _ in found] == ["talking_points[1].raise"]
    assert message in found[0][1]


def test_a_placeholder_in_a_part_is_filled_from_the_parts_own_condition_first():
    loads("""\
      - id: t
        when: {question: effects, any_of: [a]}
        raise: You said you had {effects}.
        say: I want to talk about it.
        ask: What now?
        why: The guideline says so.
        source: s
        parts:
          - {when: {medicine: any}, raise: "Mention {medicines}.", say: "I said so."}
    """)
    found = problems("""\
      - id: t
        when: {question: effects, any_of: [a]}
        raise: You said you had {effects}.
        say: I want to talk about it.
        ask: What now?
        why: The guideline says so.
        source: s
        parts:
          - {when: {question: effects, any_of: [b]}, raise: "Mention {medicines}.",
             say: "I said so."}
    """)
    assert found == [("talking_points[1].parts[0].raise", found[0][1])]
    assert "'{medicines}' could be left empty" in found[0][1]


def test_titles_cannot_hold_placeholders():
    found = problems("""\
      - id: t
        title: About {medicines}
        when: {medicine: any}
        raise: Mention it.
        say: I want to talk about it.
        ask: What now?
        why: The guideline says so.
        source: s
    """)
    assert found == [("talking_points[1].title", "A title cannot hold placeholders: it must "
                      "read the same for every patient.")]


def test_a_point_made_of_triggers_needs_each_trigger_to_raise_ask_and_say_why():
    found = problems("""\
      - id: t
        triggers:
          - {when: {medicine: any}, raise: Mention it., say: I said so., ask: "What now?",
             why: The guideline says.,
             source: s}
          - {when: {question: effects, any_of: [a]}, ask: "What then?"}
    """)
    places = [path for path, _ in found]
    assert "talking_points[1].triggers[1]" in places  # no raise
    messages = " ".join(message for _, message in found)
    assert "Missing 'why'" in messages and "A trigger needs a 'raise'" in messages


def test_a_source_belongs_to_a_why():
    found = problems("""\
      - id: t
        when: {medicine: any}
        raise: Mention it.
        say: I want to talk about it.
        ask: What now?
        why: The guideline says so.
        source: s
        parts:
          - {when: {medicine: any}, ask: "What then?", source: s}
    """)
    assert found == [("talking_points[1].parts[0].source", "A 'source' backs a 'why': give "
                      "this part a why, or remove its source.")]


@pytest.mark.parametrize(("entry", "message"), [
    ("{name: A guide, year: 2020, url: https://example.org/s}", "has no title"),
    ("{name: A guide, year: 2020, title: The guide}", "has no url"),
    ("{name: A guide}", "has no title or url"),
])
def test_a_cited_source_needs_its_title_and_url(entry, message):
    head = HEAD.replace("s: {name: A guide, year: 2020, title: The guide, "
                        "url: https://example.org/s}", f"s: {entry}")
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(head)
    found = [(format_path(p.path), p.message) for p in caught.value.problems]
    assert [path for path, _ in found] == ["sources.s"]
    assert message in found[0][1] and "talking_points[0]" in found[0][1]


def test_an_uncited_source_may_go_without_a_url():
    parse_questionnaire(HEAD.replace("  s: {name:", "  other: {name: Notes}\n  s: {name:"))


@pytest.mark.parametrize(("entry", "path", "message"), [
    ("{name: G, date: 2016-08-31, year: 2015, title: T, url: https://example.org/g}",
     "sources.g.year", "'year' is 2015 but 'date' is in 2016"),
    ("{name: G, date: 31 August 2016, title: T, url: https://example.org/g}",
     "sources.g.date", "'date' must be a day written YYYY-MM-DD"),
    ("{name: G, year: 2016, title: T, url: example.org/g}", "sources.g.url",
     "'url' must be a web address"),
])
def test_a_source_with_a_wrong_date_or_address_is_reported(entry, path, message):
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(HEAD.replace("sources:\n", f"sources:\n  g: {entry}\n"))
    found = [(format_path(p.path), p.message) for p in caught.value.problems]
    assert [where for where, _ in found] == [path] and message in found[0][1]


def test_a_dated_source_is_cited_with_its_day_and_title():
    q = parse_questionnaire(HEAD.replace("  s: {name:", "  d: {name: FDA Drug Safety "
                                         "Communication, date: 2016-08-31, title: A warning, "
                                         "url: https://www.fda.gov/x}\n  s: {name:"))
    source = q.sources["d"]
    assert source.year == 2016
    assert source.citation == "FDA Drug Safety Communication, 31 August 2016: A warning"


@pytest.mark.parametrize(("condition", "message"), [
    ("{medicine: {name: [oxycodon]}}", "No medicine in the vocabulary has the generic name "
     "'oxycodon'"),
    ("{count_medicines: {class: opioid}, at_least: 0}", "'count_medicines' needs 'at_least'"),
    ("{count_classes: {name: oxycodone}, at_least: 2}", "use 'count_medicines' to count"),
])
def test_new_medicine_conditions_are_checked(condition, message):
    found = problems(f"""\
      - id: t
        when: {condition}
        raise: Mention it.
        say: I want to talk about it.
        ask: What now?
        why: The guideline says so.
        source: s
    """)
    assert found and message in found[0][1]


def test_an_alias_of_a_condition_is_one_condition():
    text = HEAD + indent(dedent("""\
      - id: t
        when: &opioid {medicine: {class: opioid}}
        raise: Mention it.
        say: I want to talk about it.
        ask: What now?
        why: The guideline says so.
        source: s
        parts:
          - {when: *opioid, ask: "What then?"}
    """), "  ")
    rule = parse_questionnaire(text).talking_points[1]
    assert rule.parts[0].when is rule.when


def test_a_phrase_is_checked_as_the_sentence_it_completes():
    head = HEAD.replace("{value: a, label: A, phrase: effect a}",
                        "{value: a, label: A, phrase: you should stop taking it}")
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(head)
    found = [(format_path(p.path), p.message) for p in caught.value.problems]
    assert [path for path, _ in found] == ["pages[0].questions[1].options[0].phrase"]
    assert "You said you should stop taking it." in found[0][1]


# --- the sheet's texts in the patient's voice ------------------------------------------------

def test_every_raise_needs_a_say_in_the_patients_own_voice():
    found = problems("""\
      - id: t
        when: {medicine: any}
        raise: Tell your doctor that you take {medicines}.
        ask: What now?
        why: The guideline says so.
        source: s
        triggers:
          - {when: {medicine: any}, raise: Mention it.}
    """)
    assert sorted(path for path, _ in found) == ["talking_points[1]",
                                                 "talking_points[1].triggers[0]"]
    assert all("Missing 'say'" in message for _, message in found)


@pytest.mark.parametrize(("say", "message"), [
    ("Tell your doctor that you take {medicines}.", "not you or your"),
    ("I take {medicines}. Your doctor knows.", "not you or your"),
    ("I have insomnia and take {medicines}.", "reads as a diagnosis"),
    ("I will stop taking {medicines}.", "tells the patient what to do"),
    ("I take 2 tablets of {medicines}.", "states a dose amount"),
    ("Mention that I take {medicines}.", "It can be the patient speaking, with I or my"),
])
def test_a_say_that_is_not_the_patient_speaking_is_refused(say, message):
    found = problems(f"""\
      - id: t
        when: {{medicine: any}}
        raise: Tell your doctor that you take {{medicines}}.
        say: "{say}"
        ask: What now?
        why: The guideline says so.
        source: s
    """)
    assert {path for path, _ in found} == {"talking_points[1].say"}, found
    assert any(message in found_message for _, found_message in found), found


def test_an_option_named_in_a_say_needs_a_phrase_in_the_patients_voice():
    text = """\
      - id: t
        when: {question: effects, any_of: [a]}
        raise: You said {effects}.
        say: I said that {effects}.
        ask: What now?
        why: The guideline says so.
        source: s
    """
    voiced = HEAD.replace("{value: a, label: A, phrase: effect a}",
                          "{value: a, label: A, phrase: you feel a, say: I feel a}")
    parse_questionnaire(voiced + indent(dedent(text), "  "))
    spoken_to = HEAD.replace("{value: a, label: A, phrase: effect a}",
                             "{value: a, label: A, phrase: you feel a}")
    found = problems(text, spoken_to)
    assert [path for path, _ in found] == ["talking_points[1].say"]
    assert "which have no 'say' (nor a 'phrase' without you or your)" in found[0][1]


def test_the_questionnaire_gives_its_version_and_the_left_out_switch_takes_true_or_false():
    unversioned = HEAD.replace('settings: {version: "1"}\n', "")
    found = problems("", unversioned)
    assert found == [("settings", found[0][1])] and "Give 'version'" in found[0][1]
    found = problems("", HEAD.replace('{version: "1"}', '{version: "1", show_left_out: 1}'))
    assert found == [("settings.show_left_out", found[0][1])]
    assert "'show_left_out' takes true or false" in found[0][1]
