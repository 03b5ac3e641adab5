"""Plain language: what the questionnaire shows a patient reads at US school grade 8 or below.

Patients include older adults, anxious people and people with low health literacy, so
the content brief asks for grade 6 to 8. Flesch-Kincaid grade (textstat) measures it:
the average over every text must be 8 or lower, and no one text may be above 10.

Exempt: the published instruments' wording (GAD-7, AUDIT-C: their items, the items'
answers, and the intro of the page holding them, which carries the published stem).
It must be reproduced exactly as published, so it cannot be reworded.
"""

from __future__ import annotations

from collections import defaultdict

import textstat

from webapp.engine.points import texts_of
from webapp.engine.questionnaire import Questionnaire

MAX_AVERAGE = 8
MAX_ANY = 10

#: Flesch-Kincaid is a formula for sentences: 0.39 x words per sentence + 11.8 x syllables
#: per word - 15.59. On a text of one to three words it measures only how long the words
#: are: "Yes" scores -3.5 and "Dizziness" 20. Such texts (answers like "Never", titles
#: like "Your medicines") are left out of both checks, and of the average, which a third
#: of the texts being "Yes" or "No" would otherwise pull down. From four words on, a text
#: is graded like any other.
MIN_WORDS = 4


def shown_texts(questionnaire: Questionnaire) -> dict[str, list[str]]:
    """Every text the questionnaire shows a patient, each wording once, with where it is."""
    items = {qid for instrument in questionnaire.instruments.values()
             for qid in instrument.items}
    places: dict[str, list[str]] = defaultdict(list)

    def add(place: str, text: str | None) -> None:
        if text and text.strip():
            places[" ".join(text.split())].append(place)

    settings = questionnaire.settings
    add("settings title", settings.title)
    add("settings disclaimer", settings.disclaimer)
    add("settings crisis_line", settings.crisis_line)
    for page in questionnaire.pages:
        add(f"page {page.id} title", page.title)
        if not any(question.id in items for question in page.questions):
            add(f"page {page.id} intro", page.intro)
        for question in page.questions:
            published = question.id in items
            where = f"question {question.id}"
            if not published:
                add(f"{where} label", question.label)
            add(f"{where} hint", question.hint)
            add(f"{where} why", question.why)
            add(f"{where} summary_label", question.summary_label)
            for option in question.options:
                if not published:
                    add(f"{where} option {option.value}", option.label)
                add(f"{where} option {option.value} hint", option.hint)
                add(f"{where} option {option.value} phrase", option.phrase)
            for mfield in getattr(question.settings, "fields", ()):
                add(f"{where} field {mfield.name}", mfield.label)
                for option in mfield.options:
                    add(f"{where} field {mfield.name} option {option.value}", option.label)
    for instrument in questionnaire.instruments.values():
        add(f"instrument {instrument.id} note", instrument.note)  # printed beside the score
    for point in questionnaire.talking_points:
        where = f"talking point {point.id}"
        add(f"{where} title", point.title)
        for part, key, text in texts_of(point):  # the point's own texts, triggers and parts
            add(f"{where} {key}" + (" (part)" if part else ""), text)
    return dict(places)


def graded(questionnaire: Questionnaire) -> list[tuple[float, str, list[str]]]:
    """(grade, text, places) for every text of MIN_WORDS words or more, hardest first."""
    textstat.set_lang("en_US")  # global in textstat: another test may have left it Spanish
    grades = [(textstat.flesch_kincaid_grade(text), text, where)
              for text, where in shown_texts(questionnaire).items()
              if len(text.split()) >= MIN_WORDS]
    return sorted(grades, key=lambda entry: (-entry[0], entry[1]))


def report(entries: list[tuple[float, str, list[str]]]) -> str:
    return "\n".join(f"  grade {grade:5.1f}  {', '.join(where)}:\n      {text}"
                     for grade, text, where in entries)


def test_texts_are_collected_from_every_part_and_published_wording_is_exempt(questionnaire):
    texts = shown_texts(questionnaire)
    points = questionnaire.talking_points
    for text in [text for point in points for _, _, text in texts_of(point)]:
        assert " ".join(text.split()) in texts
    assert any("(part)" in place for where in texts.values() for place in where)
    assert " ".join(questionnaire.settings.disclaimer.split()) in texts
    published = [questionnaire.question(qid) for instrument in questionnaire.instruments.values()
                 for qid in instrument.items]
    assert published, "the questionnaire has scored instruments to exempt"
    for item in published:
        assert all(item.id not in place for where in texts.values() for place in where
                   if place.endswith(" label") or " option " in place)
    assert len(graded(questionnaire)) >= 50, "most texts are long enough to grade"


def test_average_reading_grade_is_8_or_lower(questionnaire):
    grades = graded(questionnaire)
    average = sum(grade for grade, _, _ in grades) / len(grades)
    assert average <= MAX_AVERAGE, (
        f"Average Flesch-Kincaid grade is {average:.1f} over {len(grades)} texts; aim for "
        f"{MAX_AVERAGE} or lower. The hardest texts:\n{report(grades[:10])}")


def test_no_text_reads_above_grade_10(questionnaire):
    too_hard = [entry for entry in graded(questionnaire) if entry[0] > MAX_ANY]
    assert not too_hard, (
        f"{len(too_hard)} text(s) read above grade {MAX_ANY}. Use shorter sentences and "
        f"common words (hardest first):\n{report(too_hard)}")
