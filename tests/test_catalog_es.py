"""The Spanish catalog (webapp/translations/es/LC_MESSAGES/messages.po) is whole, current and safe.

A Spanish patient sees English wherever the catalog lacks a message, sees a stale text where
it keeps one the questionnaire no longer has, and would be told what to take if a translated
talking point slipped past the wording rule. So: the catalog holds exactly what extraction
finds, every message is translated (the published instruments' items carry their English text
on purpose while no official Spanish is confirmed), every translation passes the Spanish
rule with its English text's kind, keeps its placeholders, and reads at about grade 6-8.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
import textstat
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.support import Translations
from conftest import QUESTIONS, ROOT, read_yaml

from webapp.engine.catalog_texts import (
    read_catalog,
    translated_texts,
    wording_problems,
    yaml_path,
)
from webapp.engine.loader import text_kind, wording_names

CATALOG = read_catalog("es")
DATA = read_yaml(QUESTIONS)
INSTRUMENTS_ES = read_yaml(ROOT / "webapp/translations/instruments_es.yaml")["instruments"]
ENTRIES = [entry for entry in CATALOG if entry.id]

#: Texts that are the same words in Spanish: not left untranslated.
SAME_IN_SPANISH = {"Alcohol", "Cannabis", "No", "Kava", "CBD (cannabidiol)", "AUDIT-C (alcohol)",
                   "Error:"}


def extracted() -> set[tuple[str | None, str]]:
    """(context, msgid) of every message pybabel extract finds with the project's babel.cfg."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


def test_the_catalog_holds_exactly_the_extracted_messages():
    # a plural message is known by its singular, as extraction gives it
    in_catalog = {(entry.context, entry.id if isinstance(entry.id, str) else entry.id[0])
                  for entry in ENTRIES}
    found = extracted()
    missing, stale = sorted(found - in_catalog, key=str), sorted(in_catalog - found, key=str)
    assert not missing and not stale, (
        f"The Spanish catalog is out of date: {len(missing)} new English text(s) to translate "
        f"{missing[:5]}, {len(stale)} text(s) no longer in the app {stale[:5]}. Run `make "
        f"translations`, then `pybabel update -i .cache/messages.pot -d webapp/translations` "
        f"and translate.")
    assert len(in_catalog) > 500


def test_every_message_is_translated_and_none_is_fuzzy():
    assert not CATALOG.fuzzy, "the catalog's header is fuzzy: pybabel compile would skip it"
    fuzzy = [entry.id for entry in ENTRIES if entry.fuzzy]
    empty = [entry.id for entry in ENTRIES if not entry.string]
    untranslated = [entry.id for entry in ENTRIES if not entry.context
                    and entry.string == entry.id and entry.id not in SAME_IN_SPANISH]
    assert not fuzzy and not empty and not untranslated, (fuzzy[:5], empty[:5], untranslated[:5])


def test_instrument_items_carry_english_until_official_spanish_is_confirmed():
    """The rule of issue 18: official wording or English with a note, never our own."""
    items = [entry for entry in ENTRIES if entry.context]
    assert {entry.context for entry in items} == {"gad7", "phq2", "auditc"}
    for entry in items:
        source = INSTRUMENTS_ES[entry.context]
        if source["status"] == "english_only":
            assert entry.string == entry.id, (entry.context, entry.id, entry.string)
            assert any("instruments_es.yaml" in comment for comment in entry.user_comments)
        else:
            candidate = source["candidate"]
            official = set(candidate["items"].values()) | {
                text for answers in dict(candidate.get("options") or {}).values()
                for text in answers}
            assert entry.string in official, (entry.context, entry.id, entry.string)


def test_every_translation_passes_the_spanish_wording_rule_with_its_kind():
    problems = wording_problems(CATALOG, "es", wording_names(DATA))
    assert not problems, "\n".join(f"{where}: {problem}" for where, problem in problems[:10])


def test_the_rule_reads_each_text_as_the_kind_of_its_english_source():
    kinds = {(str(text.where[-1]), text.kind) for text in translated_texts(CATALOG, "es")}
    assert {("raise", "raise"), ("ask", "ask"), ("say", "say"), ("why", "why"),
            ("phrase", "raise"), ("hint", "hint"), ("intro", "intro")} <= kinds
    assert ("label", "option") in kinds and ("label", "class_label") in kinds
    by_place = {".".join(map(str, text.where)): text.text
                for text in translated_texts(CATALOG, "es")}
    phrase = next(place for place in by_place if place.endswith("options.0.phrase"))
    assert by_place[phrase].startswith("Usted dijo que ")
    say = next(place for place in by_place if "options" in place and place.endswith(".say"))
    assert re.match(r"Dije que [a-zñ]", by_place[say])


@pytest.mark.parametrize(("place", "text"), [
    ("talking_points.0.raise", "Deje de tomar {medicines}."),  # an order to stop
    ("talking_points.0.say", "Tomo 2 tabletas de {medicines} antes de dormir."),  # a dose
    ("talking_points.0.why", "Usted tiene insomnio."),  # a diagnosis
    # an option's phrase and say, read in the sentences they complete
    ("pages.0.questions.0.options.0.phrase", "tiene insomnio"),
    ("pages.0.questions.0.options.0.say", "Tengo apnea del sueño"),
])
def test_a_translation_that_orders_doses_or_diagnoses_is_refused(place, text):
    catalog = Catalog(locale="es")
    catalog.add("English", text, auto_comments=[f"questions.yaml: {place}"])
    assert wording_problems(catalog, "es", frozenset({"clonazepam"}))


def test_the_sleep_diarys_item_translations_are_held_to_the_rule_of_their_kind():
    """sleep_diary_items.yaml's texts come through the catalog as questions.yaml's do, and
    ``flask check`` reads each translation as its kind: a hint may ask how to fill in the
    form, never what to take; an answer is a short phrase."""
    catalog = Catalog(locale="es")
    catalog.add("Write the time that you got into bed.", "Tome 2 tabletas antes de acostarse.",
                auto_comments=["sleep_diary_items.yaml: items.1.hint"])
    catalog.add("Poor", "Deje de tomar clonazepam.",
                auto_comments=["sleep_diary_items.yaml: items.8.options.1.label"])
    catalog.add("Count from the time you tried to go to sleep.",
                "Cuente desde la hora en que trató de dormirse.",
                auto_comments=["sleep_diary_items.yaml: items.3.hint"])
    refused = {where for where, _problem in wording_problems(catalog, "es",
                                                             frozenset({"clonazepam"}))}
    assert refused == {"sleep_diary_items.items.1.hint",
                       "sleep_diary_items.items.8.options.1.label"}
    kinds = {text.where: text.kind for text in translated_texts(CATALOG, "es")
             if text.where[0] == "sleep_diary_items"}
    assert kinds[("sleep_diary_items", "items", 8, "options", 0, "label")] == "option"
    assert kinds[("sleep_diary_items", "formulas", 3)] == "note"
    assert kinds[("sleep_diary_items", "instructions", 0, "text")] == "intro"


#: questions.yaml's {placeholders} and the templates' %(named)s ones.
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]")


def test_placeholders_are_kept_exactly():
    changed = []
    for entry in ENTRIES:
        plural = not isinstance(entry.id, str)
        english = entry.id[-1] if plural else entry.id
        for text in (entry.string if plural else [entry.string]):
            if Counter(PLACEHOLDER.findall(english)) != Counter(PLACEHOLDER.findall(text)):
                changed.append((english, text))
    assert not changed, changed
    assert sum("{medicines}" in entry.id for entry in ENTRIES) > 10


def test_the_compiled_catalog_gives_spanish_and_keeps_instrument_items_apart():
    """What `make translations` compiles is what the app will read (contexts included)."""
    buffer = io.BytesIO()
    write_mo(buffer, CATALOG)
    buffer.seek(0)
    translations = Translations(fp=buffer)
    assert translations.gettext("Not at all") == "Nada"
    assert translations.pgettext("gad7", "Not at all") == "Not at all"  # english_only
    assert translations.gettext("Tell your doctor that you take {medicines}.") == (
        "Dígale a su médico que toma {medicines}.")


# --- Plain Spanish --------------------------------------------------------------------------

#: Fernández-Huerta (1959), Flesch's reading ease for Spanish: 206.84 - 0.60 x syllables per
#: 100 words - 1.02 x words per sentence. Its bands: 90-100 very easy (grade 4), 80-90 easy
#: (5), 70-80 fairly easy (6), 60-70 standard (7-8), 50-60 fairly difficult (some secondary
#: school), below 50 difficult. The content brief asks for grade 6-8, so the texts must
#: average "fairly easy" or easier (75: grade 6, with room for new texts, where the catalog
#: reads 87.5 today), and no one text may fall into "difficult" (50), as the English test
#: lets no text read above grade 10.
MIN_AVERAGE = 75
MIN_ANY = 50
#: As in the English test: on one to three words the formula measures only word length
#: ("Antihistamínico" alone is -94), so shorter texts are left out.
MIN_WORDS = 4
#: The patient-facing kinds: questions, answers, hints, page intros, talking points' raise
#: and ask. Not class labels (drug-class names such as "Antagonista de los receptores de
#: orexina"), band labels or the instruments' items (the publisher's wording).
READ_KINDS = {"label", "option", "field_label", "hint", "intro", "raise", "ask"}


def graded() -> list[tuple[float, str, str]]:
    """(Fernández-Huerta, text, where) for each patient-facing text, hardest first.

    textstat's language is global: it is set back to English afterwards, or every English
    grade measured later in the same run (test_reading_grade) would be read as Spanish.
    """
    textstat.set_lang("es")
    try:
        return _graded()
    finally:
        textstat.set_lang("en_US")


def _graded() -> list[tuple[float, str, str]]:
    seen: dict[str, tuple[float, str, str]] = {}
    for entry in ENTRIES:
        if entry.context or not isinstance(entry.string, str):
            continue
        places = [place for place in map(yaml_path, entry.auto_comments) if place]
        kinds = {"raise" if place[-1] == "phrase" else text_kind(place[:-1], str(place[-1]))
                 for place in places}
        # a placeholder stands for a short phrase of the patient's (their medicines' names)
        text = re.sub(r"\{[^{}]*\}", "algo", entry.string)
        if kinds & READ_KINDS and len(text.split()) >= MIN_WORDS:
            seen[text] = (textstat.fernandez_huerta(text), entry.string,
                          ".".join(map(str, places[0])))
    return sorted(seen.values())


def _worst(entries: list[tuple[float, str, str]]) -> str:
    return "\n".join(f"  {score:5.1f}  {where}: {text}" for score, text, where in entries)


def test_the_patient_facing_texts_read_fairly_easy_on_average():
    scores = graded()
    assert len(scores) > 150
    average = sum(score for score, _, _ in scores) / len(scores)
    assert average >= MIN_AVERAGE, (
        f"Fernández-Huerta averages {average:.1f} over {len(scores)} texts; aim for "
        f"{MIN_AVERAGE} or more. The hardest five:\n{_worst(scores[:5])}")


def test_no_patient_facing_text_reads_difficult():
    too_hard = [entry for entry in graded() if entry[0] < MIN_ANY]
    assert not too_hard, (
        f"{len(too_hard)} text(s) score below {MIN_ANY} (difficult). Use shorter sentences "
        f"and common words (hardest first):\n{_worst(too_hard[:5])}")
