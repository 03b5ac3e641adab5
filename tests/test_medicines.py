"""Medicine names as patients type them -> the generic name and class, or kept as typed."""

from __future__ import annotations

import pytest

from webapp.engine.patient_medicines import listed_medicines


def generic(questionnaire, typed: str) -> str | tuple[str, ...] | None:
    """The generic named in ``typed``; several as a tuple; None when none is recognized."""
    names = tuple(hit.medicine.name for hit in questionnaire.medicine_index.recognise(typed))
    return names[0] if len(names) == 1 else names or None


@pytest.mark.parametrize(("typed", "expected"), [
    ("clonazepam", "clonazepam"), ("CLONAZEPAM", "clonazepam"), ("Klonopin", "clonazepam"),
    ("kLoNoPiN", "clonazepam"), ("Ativan", "lorazepam"), ("ambien", "zolpidem"),
    ("Lunesta", "eszopiclone"), ("CBD", "cannabidiol"), ("MS Contin", "morphine"),
])
def test_generic_and_brand_names_in_any_case(questionnaire, typed, expected):
    assert generic(questionnaire, typed) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("Klonopin 0.5mg", "clonazepam"), ("zolpidem ER", "zolpidem"), ("Xanax XR", "alprazolam"),
    ("TYLENOL PM", ("acetaminophen", "diphenhydramine")),
    ("Tylenol-PM caplets", ("acetaminophen", "diphenhydramine")),
    ("Advil PM", ("ibuprofen", "diphenhydramine")), ("1/2 tablet of Seroquel 25 mg", "quetiapine"),
    ("Klonopin (clonazepam)", "clonazepam"), ("ms-contin 15mg", "morphine"),
    ("gabapentin 300mg x3 daily", "gabapentin"),
])
def test_dose_and_form_text_around_the_name(questionnaire, typed, expected):
    assert generic(questionnaire, typed) == expected


def test_a_two_word_brand_needs_both_words(questionnaire):
    assert generic(questionnaire, "Tylenol") == "acetaminophen"  # plain Tylenol: no sleep aid
    assert generic(questionnaire, "Advil") == "ibuprofen"


@pytest.mark.parametrize(("typed", "expected"), [
    ("clonazepan", "clonazepam"), ("alprazolm", "alprazolam"), ("Klonopine", "clonazepam"),
    ("ambian", "zolpidem"), ("Adderal", "amphetamine"), ("codine", "codeine"),
    ("Valum", "diazepam"), ("zolpidam 10mg", "zolpidem"),
    ("clonazapan", "clonazepam"), ("temazapan", "temazepam"),  # two letters off, long names
])
def test_misspellings_are_recognised(questionnaire, typed, expected):
    assert generic(questionnaire, typed) == expected


@pytest.mark.parametrize(("short", "five_letters", "expected"), [
    ("Xanx", "Xanaz", "alprazolam"), ("Norc", "Norko", ("hydrocodone", "acetaminophen")),
    ("Onfy", "Onfyy", None), ("Kavv", "Kavva", None),  # Onfi and kava are too short to guess
])
def test_short_words_are_not_fuzzily_matched(questionnaire, short, five_letters, expected):
    assert generic(questionnaire, short) is None
    assert generic(questionnaire, f"{short} 2mg") is None
    assert generic(questionnaire, five_letters) == expected


@pytest.mark.parametrize(("typed", "would_be", "is_really"), [
    ("Calcium", "Valium", "calcium"), ("Lithium", "Librium", "lithium"),
    ("Zestril", "Restoril", "lisinopril"), ("Plavix", "Elavil", "clopidogrel"),
    ("Vitamin D", "Ritalin", "vitamin D"),
])
def test_other_medicines_two_letters_from_a_short_name_are_not_matched(
        questionnaire, typed, would_be, is_really):
    # two edits on a word under 8 letters reach a different medicine entirely
    assert generic(questionnaire, typed) == is_really, f"{typed} taken for {would_be}"


@pytest.mark.parametrize("typed", [
    "metformin 500 mg", "Lisinopril", "atorvastatin", "omeprazole", "blood pressure pill",
    "sleeping tablet at night", "ibuprofen"])
def test_unrelated_medicines_are_at_most_other_medicines(questionnaire, typed):
    found = questionnaire.medicine_index.recognise(typed)
    assert all(hit.medicine.classes == ("other_medicine",) for hit in found)


def test_soma_is_matched_exactly_but_a_misspelling_is_not(questionnaire):
    assert generic(questionnaire, "Soma") == "carisoprodol"
    assert generic(questionnaire, "Somma") is None


def test_listed_medicines_keep_exactly_what_was_typed(questionnaire):
    rows = [{"name": "  Klonopin 0.5mg ", "how_long": "over_a_year", "purpose": ""},
            {"name": "grandma's green pills", "how_often": "rarely"},
            {"name": "   "},
            {"name": "Norco", "prescribed": "no"}]
    found = listed_medicines(questionnaire.medicine_index, questionnaire.all_questions,
                             {"medicine_list": rows})
    assert [(m.row_text, m.row, m.typed, m.generic, m.recognised) for m in found] == [
        ("Klonopin 0.5mg", 0, "Klonopin", "clonazepam", True),
        ("grandma's green pills", 1, "grandma's green pills", None, False),
        ("Norco", 3, "Norco", "hydrocodone", True),
        ("Norco", 3, "Norco", "acetaminophen", True)]
    klonopin, unknown, norco, _ = found
    assert klonopin.classes == {"benzodiazepine"}
    assert {"sedating", "acts_on_brain", "sleep_or_anxiety"} <= klonopin.tags
    assert klonopin.fields == {"how_long": "over_a_year"}  # blank details left out
    assert unknown.classes == frozenset() and unknown.tags == frozenset()
    assert unknown.fields == {"how_often": "rarely"}
    assert norco.fields == {"prescribed": "no"} and norco.question_id == "medicine_list"


def test_ticked_options_with_a_medicine_count_as_listed(questionnaire):
    found = listed_medicines(questionnaire.medicine_index, questionnaire.all_questions,
                             {"otc_aids": ["melatonin", "cbd"], "sleep_habits": ["screens_in_bed"]})
    assert [(m.typed, m.generic, m.question_id) for m in found] == [
        ("Melatonin", "melatonin", "otc_aids"),
        ("Cannabidiol", "cannabidiol", "otc_aids")]
    assert found[1].classes == {"sedating_herbal"}


def test_none_of_these_lists_no_medicine(questionnaire):
    assert listed_medicines(questionnaire.medicine_index, questionnaire.all_questions,
                            {"otc_aids": ["none"], "medicine_list": []}) == ()


def test_a_ticked_aid_already_typed_is_listed_once_as_typed(questionnaire):
    found = listed_medicines(questionnaire.medicine_index, questionnaire.all_questions, {
        "medicine_list": [{"name": "Benadryl"}], "otc_aids": ["diphenhydramine", "melatonin"]})
    assert [(m.typed, m.generic) for m in found] == [
        ("Benadryl", "diphenhydramine"), ("Melatonin", "melatonin")]


def test_class_labels_name_the_class_for_the_printout(questionnaire):
    index = questionnaire.medicine_index
    [seroquel] = index.listed("Seroquel", "medicine_list")
    assert index.class_labels(seroquel) == ["Medicine also used for sleep", "Antipsychotic"]
    [unknown] = index.listed("unknown", "medicine_list")
    assert index.class_labels(unknown) == []


@pytest.mark.parametrize(("typed", "only"), [
    ("Tylenol Ultra", ("acetaminophen",)), ("coral calcium", ("calcium",)),
    ("seasonal allergy", ())])
def test_everyday_words_near_a_brand_are_not_misspellings(questionnaire, typed, only):
    found = questionnaire.medicine_index.recognise(typed)
    assert tuple(hit.medicine.name for hit in found) == only
    assert not any(hit.fuzzy for hit in found)


def test_the_vocabulary_has_well_over_eighty_names_across_the_briefs_classes(questionnaire):
    names = [name for med in questionnaire.medicines for name in (med.name, *med.brands)]
    assert len(names) >= 80
    classes = {cls for med in questionnaire.medicines for cls in med.classes}
    for needed in ("benzodiazepine", "z_drug", "opioid", "gabapentinoid",
                   "sedating_antihistamine", "sedating_antidepressant", "muscle_relaxant",
                   "orexin_antagonist", "melatonin_agonist", "stimulant"):
        assert needed in classes
    index = questionnaire.medicine_index
    missed = [name for name in names if not index.recognise(f"{name} 10mg at night")]
    assert missed == []
