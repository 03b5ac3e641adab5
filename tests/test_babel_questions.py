"""pybabel's extractor for questions.yaml finds every text the app shows, and no names.

A text the loader reads but the extractor misses would stay English on a Spanish page with
no catalog entry to flag it; a medicine name or a citation in the catalog would invite a
translator to change what must stay as published.
"""

from __future__ import annotations

import io

from babel.messages.extract import extract
from conftest import QUESTIONS, read_yaml

from webapp.engine.babel_questions import INSTRUMENT_NOTE, extracted_messages, extracted_texts
from webapp.engine.loader import load_questionnaire, wording_texts
from webapp.engine.question_types import QUESTION_KINDS

RAW = QUESTIONS.read_text(encoding="utf-8")
DATA = read_yaml(QUESTIONS)


def _as_written(path: tuple, text: str) -> str:
    """wording_texts wraps an option's phrase and say in the sentence they complete."""
    if path[-1] == "phrase":
        return text.removeprefix("You said ").removesuffix(".")
    if path[-1] == "say" and "options" in path:
        return text.removeprefix("I said that ").removesuffix(".")
    return text


def test_every_text_the_loader_reads_is_extracted():
    wanted = {_as_written(path, text) for path, _kind, text in wording_texts(DATA)}
    missing = wanted - extracted_texts(RAW)
    assert not missing, f"not extracted: {sorted(missing)[:10]}"


#: Options the loader adds itself (yes/no questions): Python strings, marked with _() in
#: phase 2 (PHASE2.md), so not the questions.yaml extractor's.
BUILT_IN = {option.label for option in QUESTION_KINDS["yes_no"].read_options(
    {"not_sure": True}, (), None, set())}  # type: ignore[arg-type]


def test_the_loaded_questionnaires_page_texts_are_extracted():
    questionnaire = load_questionnaire(QUESTIONS)
    found = extracted_texts(RAW)
    shown = [questionnaire.settings.disclaimer, questionnaire.settings.crisis_line]
    for page in questionnaire.pages:
        shown.append(page.title)
        for question in page.questions:
            shown.append(question.label)
            shown.extend(option.label for option in question.options)
    missing = [text for text in shown if text and text not in found | BUILT_IN]
    assert not missing, missing


def test_medicine_names_and_citations_are_not_extracted_but_plain_class_names_are():
    found = extracted_texts(RAW)
    assert "clonazepam" not in found and "Klonopin" not in found
    assert not any(source["title"] in found for source in DATA["sources"].values())
    assert "a benzodiazepine" in found and "Benzodiazepine" in found  # class plain and label
    assert "an opioid medicine" in found  # methadone's own plain phrase


def test_pybabel_finds_the_extractor_by_name_and_gives_each_text_its_yaml_path():
    messages = list(extract("questions", io.BytesIO(RAW.encode("utf-8"))))
    by_text = {message: comments for _line, message, comments, _context in messages}
    assert by_text["Before the Visit"] == ["questions.yaml: settings.title"]
    assert by_text["Feeling nervous, anxious, or on edge"] == [
        "questions.yaml: pages.6.questions.0.label", f"{INSTRUMENT_NOTE} (gad7)"]
    line = next(line for line, message, *_ in messages
                if message == "Feeling nervous, anxious, or on edge")
    assert "Feeling nervous, anxious, or on edge" in RAW.splitlines()[line - 1]


def test_instrument_items_are_their_instruments_messages_apart_from_our_own_words():
    """The GAD-7's "Not at all" must become the official Spanish answer, our own "Not at
    all" plain Spanish: one English text, two messages, told apart by the context."""
    messages = extracted_messages(RAW)
    contexts = {context for (context, _text) in messages if context}
    assert contexts == {"gad7", "phq2", "auditc"}
    assert ("gad7", "Not at all") in messages and (None, "Not at all") in messages
    assert ("auditc", "Never") in messages and (None, "Never") in messages
    # the PHQ-2 takes its answers from the GAD-7's YAML anchor: they are its own messages
    assert {("phq2", "Several days"), ("phq2", "Feeling down, depressed, or hopeless")} <= messages
    # our own texts around an instrument (the page intro) are ours to translate
    assert not any(context and "GAD-7, a short form" in text for context, text in messages)
    questionnaire = load_questionnaire(QUESTIONS)
    for instrument in questionnaire.instruments.values():
        for qid in instrument.items:
            question = questionnaire.question(qid)
            for text in [question.label, *(option.label for option in question.options)]:
                assert (instrument.id, text) in messages
                if (None, text) in messages:  # the same words elsewhere, as our own
                    assert text in {"Not at all", "Never"}
