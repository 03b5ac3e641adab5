"""The medicine vocabulary against the clinical review (section 8, H3, H4, W8, W13, U11).

Every name in it resolves exactly to its own medicines; common medicines that are not
sleep or brain medicines are never read as one; every medicine named in a row counts,
combination products with all their ingredients; an exact name beats a misspelling; and a
guess is always shown as a guess.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import textstat
from conftest import FIXTURES, QUESTIONS

from webapp.engine.loader import load_questionnaire
from webapp.engine.patient_medicines import listed_medicines
from webapp.engine.rules import evaluate_answers

VOCABULARY = load_questionnaire(QUESTIONS)
INDEX = VOCABULARY.medicine_index


def medicines_of(entry) -> list[str]:
    """The generic names an entry stands for: a product's ingredients, or itself."""
    return list(entry.ingredients) if entry.is_product else [entry.name.lower()]


def found(typed: str) -> list[tuple[str, bool]]:
    """(generic, fuzzy) for every medicine recognized in ``typed``, in order."""
    return [(hit.medicine.name.lower(), hit.fuzzy) for hit in INDEX.recognise(typed)]


def generics(typed: str) -> list[str]:
    return [name for name, _ in found(typed)]


def row(*names: str) -> tuple:
    """The medicines listed for one typed row per name, as the rules see them."""
    return listed_medicines(INDEX, VOCABULARY.all_questions,
                            {"medicine_list": [{"name": name} for name in names]})


# --- every name in the vocabulary ---------------------------------------------------------

NAMES = [(name, entry) for entry in VOCABULARY.medicines for name in entry.names]
UNSURE = [(name, entry) for entry in VOCABULARY.medicines for name in entry.ambiguous]


@pytest.mark.parametrize(("name", "entry"), NAMES, ids=[name for name, _ in NAMES])
def test_every_name_resolves_exactly_to_its_own_medicines(name, entry):
    expected = [(generic, False) for generic in medicines_of(entry)]
    assert found(name) == expected
    assert found(f"{name.upper()} 10mg at night") == expected


@pytest.mark.parametrize(("name", "entry"), UNSURE, ids=[name for name, _ in UNSURE])
def test_a_name_that_may_mean_another_medicine_counts_but_only_as_possible(name, entry):
    assert found(name) == [(generic, True) for generic in medicines_of(entry)]


def test_the_vocabulary_is_large_and_covers_the_review(questionnaire):
    assert len(NAMES) >= 1500
    assert {"other_medicine", "opioid_blocker", "cannabinoid", "mood_stabilizer"} <= {
        cls for entry in VOCABULARY.medicines for cls in entry.classes}


# --- common medicines that are not sleep or brain medicines --------------------------------

COMMON = [line.strip() for line in (FIXTURES / "common_medicines.txt").read_text().splitlines()
          if line.strip() and not line.startswith("#")]


def test_the_list_of_common_medicines_is_long_enough():
    assert len(COMMON) >= 300


@pytest.mark.parametrize("typed", COMMON)
def test_a_common_medicine_is_never_read_as_a_sleep_or_brain_medicine(typed):
    wrong = [(hit.words, hit.medicine.name, hit.medicine.classes)
             for hit in INDEX.recognise(typed) if hit.medicine.classes != ("other_medicine",)]
    assert wrong == []


def test_most_common_medicines_are_recognized_rather_than_not_recognized():
    recognized = [typed for typed in COMMON if INDEX.recognise(typed)]
    assert len(recognized) >= 0.95 * len(COMMON)


@pytest.mark.parametrize(("typed", "generic"), [
    ("Restasis", "cyclosporine"), ("Lisinopril", "lisinopril"), ("Zestril", "lisinopril"),
    ("Plavix", "clopidogrel"), ("Synthroid", "levothyroxine"), ("Xiidra", "lifitegrast")])
def test_a_common_medicine_is_recognized_exactly_as_other_medicine(typed, generic):
    [med] = row(typed)
    assert (med.generic, med.classes, med.fuzzy) == (generic, {"other_medicine"}, False)
    assert INDEX.describe(med).endswith("a medicine that is not a sleep or brain medicine)")


def test_the_healthy_patient_on_lisinopril_and_restasis_gets_no_medicine_alarm(questionnaire):
    # "Restasis" was read as doxylamine (Restavit), which fired two false safety points.
    answers = {"age_band": "under_40", "medicine_list": [
        {"name": "Lisinopril 10mg"}, {"name": "Restasis eye drops"}]}
    points = [point.id for point in evaluate_answers(questionnaire, answers).talking_points]
    assert not any("antihistamine" in point or "sedating" in point for point in points)


@pytest.mark.parametrize("typed", [
    "prostate", "Flomax for prostate", "hydrogen peroxide", "states", "ambient",
    "shorter acting one", "moderate dose", "central", "concerts", "tendon pain", "sleeping"])
def test_everyday_words_are_never_guessed_to_be_medicines(typed):
    assert [hit for hit in INDEX.recognise(typed) if hit.fuzzy] == []


def test_no_easy_english_word_is_guessed_to_be_a_medicine():
    words_file = Path(textstat.__file__).parent / "resources" / "en" / "easy_words.txt"
    words = words_file.read_text().split()
    guessed = [(word, hit.medicine.name) for word in words
               for hit in INDEX.recognise(word) if hit.fuzzy]
    assert guessed == []


@pytest.mark.parametrize("typed", [
    "take 1 tablet by mouth every morning", "2 capsules twice daily as needed",
    "gummies at bedtime", "one softgel nightly", "chewable tablet", "sublingual film",
    "extended release", "half a pill", "drops in both eyes", "inhaler 2 puffs"])
def test_dose_and_form_words_alone_name_no_medicine(typed):
    assert INDEX.recognise(typed) == ()


# --- every medicine in a row counts ---------------------------------------------------------

SEPARATORS = [" and ", " + ", " & ", ", ", "/", " with ", " plus ", "; ", " - "]


@pytest.mark.parametrize("separator", SEPARATORS)
@pytest.mark.parametrize(("names", "expected"), [
    (("Klonopin", "oxycodone"), [("Klonopin", "clonazepam"), ("oxycodone", "oxycodone")]),
    (("Xanax", "Norco"), [("Xanax", "alprazolam"), ("Norco", "hydrocodone"),
                          ("Norco", "acetaminophen")]),
    (("tramadol", "Ambien"), [("tramadol", "tramadol"), ("Ambien", "zolpidem")]),
    (("Valium", "gabapentin", "Soma"), [("Valium", "diazepam"), ("gabapentin", "gabapentin"),
                                        ("Soma", "carisoprodol")]),
    (("Ativan", "Lyrica", "Restasis"), [("Ativan", "lorazepam"), ("Lyrica", "pregabalin"),
                                        ("Restasis", "cyclosporine")]),
])
def test_a_row_naming_several_medicines_counts_each(separator, names, expected):
    typed = separator.join(names) + " 5mg at night"
    listed = row(typed)
    assert [(med.typed, med.generic) for med in listed] == expected
    assert {(med.row_text, med.row, med.fuzzy) for med in listed} == {(typed, 0, False)}


def test_a_medicine_named_twice_in_one_row_counts_once():
    assert generics("Klonopin (clonazepam) 0.5mg") == ["clonazepam"]
    assert generics("Percocet (oxycodone/acetaminophen)") == ["oxycodone", "acetaminophen"]


def test_an_opioid_and_a_benzodiazepine_typed_on_one_row_get_the_safety_point(questionnaire):
    # H3: "Klonopin and oxycodone" on one row ended in "nothing flagged".
    answers = {"medicine_list": [{"name": "Klonopin and oxycodone"}]}
    points = [point.id for point in evaluate_answers(questionnaire, answers).talking_points]
    assert "opioid-with-sedative" in points


@pytest.mark.parametrize(("typed", "expected"), [
    ("Klonopin 0.5mg", ["clonazepam"]), ("Tylenol #3 1-2 tabs", ["acetaminophen", "codeine"]),
    ("Xanax XR 1 mg at bedtime", ["alprazolam"]), ("oxycodone 5 mg q6h prn", ["oxycodone"]),
    ("Ambien CR 12.5", ["zolpidem"]), ("Seroquel 25mg (for sleep)", ["quetiapine"]),
    ("1/2 Norco as needed", ["hydrocodone", "acetaminophen"]),
    ("apo-clonazepam", ["clonazepam"]), ("Klonopin0.5mg", ["clonazepam"]),
    ("Valiums", ["diazepam"]), ("Percocets from my dentist", ["oxycodone", "acetaminophen"]),
])
def test_dose_and_form_text_around_names(typed, expected):
    assert found(typed) == [(generic, False) for generic in expected]


# --- combination products -------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "expected"), [
    ("Tylenol #3", ["acetaminophen", "codeine"]), ("Tylenol 3", ["acetaminophen", "codeine"]),
    ("Tylenol No. 3", ["acetaminophen", "codeine"]), ("TYLENOL#3", ["acetaminophen", "codeine"]),
    ("Tylenol with codeine #4", ["acetaminophen", "codeine"]),
    ("co-codamol 30/500", ["acetaminophen", "codeine"]),
    ("Percocet 5/325", ["oxycodone", "acetaminophen"]),
    ("Endocet", ["oxycodone", "acetaminophen"]),
    ("Norco 10/325", ["hydrocodone", "acetaminophen"]),
    ("Vicodin", ["hydrocodone", "acetaminophen"]),
    ("Lortab", ["hydrocodone", "acetaminophen"]), ("Ultracet", ["tramadol", "acetaminophen"]),
    ("promethazine with codeine", ["promethazine", "codeine"]),
    ("Phenergan with codeine", ["promethazine", "codeine"]),
    ("promethazine-codeine syrup", ["promethazine", "codeine"]),
    ("Fioricet with codeine", ["butalbital", "acetaminophen", "caffeine", "codeine"]),
    ("Fioricet w/ codeine", ["butalbital", "acetaminophen", "caffeine", "codeine"]),
    ("Fiorinal with codeine", ["butalbital", "aspirin", "caffeine", "codeine"]),
    ("Soma Compound with Codeine", ["carisoprodol", "aspirin", "codeine"]),
    ("Symbyax", ["olanzapine", "fluoxetine"]), ("Librax", ["chlordiazepoxide", "clidinium"]),
    ("Tylenol PM", ["acetaminophen", "diphenhydramine"]),
    ("Advil PM", ["ibuprofen", "diphenhydramine"]), ("Aleve PM", ["naproxen", "diphenhydramine"]),
    ("Motrin PM", ["ibuprofen", "diphenhydramine"]),
    ("Excedrin PM", ["acetaminophen", "diphenhydramine"]),
    ("NyQuil", ["acetaminophen", "dextromethorphan", "doxylamine"]),
    ("Tussionex", ["hydrocodone", "chlorpheniramine"]), ("Hycodan", ["hydrocodone", "homatropine"]),
    ("Suboxone film", ["buprenorphine", "naloxone"]), ("Zubsolv", ["buprenorphine", "naloxone"]),
    ("Treximet", ["sumatriptan", "naproxen"]), ("Percodan", ["oxycodone", "aspirin"]),
    ("Targin", ["oxycodone", "naloxone"]), ("Nytol Herbal", ["valerian", "hops"]),
    ("Mersyndol", ["acetaminophen", "codeine", "doxylamine"]),
    ("Sinemet", ["levodopa", "carbidopa"]), ("Night Nurse", ["acetaminophen", "promethazine",
                                                            "dextromethorphan"]),
])
def test_combination_products_count_every_ingredient(typed, expected):
    listed = row(typed)
    assert [med.generic for med in listed] == expected
    assert not any(med.fuzzy for med in listed)
    assert len({med.product for med in listed}) == 1


def test_a_product_and_another_medicine_on_one_row_count_all():
    assert generics("Percocet and Xanax") == ["oxycodone", "acetaminophen", "alprazolam"]


def test_tylenol_taken_three_times_a_day_is_plain_tylenol():
    assert generics("Tylenol 3 times a day") == ["acetaminophen"]
    assert generics("Tylenol 3x daily") == ["acetaminophen"]
    assert generics("Tylenol #3 x2 a day") == ["acetaminophen", "codeine"]


def test_t3_counts_as_acetaminophen_with_codeine_but_only_as_possible():
    # T3 is Tylenol #3 in Canada but also liothyronine: counted, never stated as fact.
    assert found("T3 for my back") == [("acetaminophen", True), ("codeine", True)]
    codeine = row("T3")[1]
    assert INDEX.describe(codeine) == (
        "T3 (possibly codeine, please check; an opioid pain or cough medicine)")


# --- exact names beat misspellings ----------------------------------------------------------

@pytest.mark.parametrize(("typed", "generic"), [
    ("Kalma", "alprazolam"), ("Kalms", "valerian"), ("Alprax", "alprazolam"),
    ("Xanor", "alprazolam"), ("Endep", "amitriptyline"), ("Restasis", "cyclosporine"),
    ("Vallergan", "alimemazine"), ("trimeprazine", "alimemazine"), ("loxapine", "loxapine"),
    ("prazepam", "prazepam"), ("etizolam", "etizolam"), ("ketazolam", "ketazolam"),
    ("loprazolam", "loprazolam"), ("clonazolam", "clonazolam"), ("bromazolam", "bromazolam"),
    ("Zestril", "lisinopril"), ("lithium", "lithium"), ("calcium", "calcium"),
])
def test_an_exact_name_is_never_read_as_a_misspelling_of_another(typed, generic):
    assert found(typed) == [(generic, False)]


def test_kalma_with_an_opioid_gets_the_safety_point(questionnaire):
    # H4: Kalma (alprazolam) was read as valerian, so Kalma + Endone flagged nothing.
    answers = {"medicine_list": [{"name": "Kalma"}, {"name": "Endone"}]}
    points = [point.id for point in evaluate_answers(questionnaire, answers).talking_points]
    assert "opioid-with-sedative" in points


def test_endep_is_matched_only_exactly_and_ended_is_a_word():
    assert found("Endep 10") == [("amitriptyline", False)]
    assert found("ended last year") == []
    assert found("Endap") == [("amitriptyline", True)]


@pytest.mark.parametrize(("typed", "generic"), [
    ("klonipin", "clonazepam"), ("klonapin", "clonazepam"), ("clonazapam", "clonazepam"),
    ("xanex", "alprazolam"), ("zanax", "alprazolam"), ("lorazapam", "lorazepam"),
    ("ambian", "zolpidem"), ("zolpidum", "zolpidem"), ("seroquil", "quetiapine"),
    ("trazadone", "trazodone"), ("gabapenten", "gabapentin"), ("hydroxyzene", "hydroxyzine"),
    ("benadril", "diphenhydramine"), ("percoset", "oxycodone"), ("vicoden", "hydrocodone"),
    ("suboxon", "buprenorphine"), ("lunestra", "eszopiclone"), ("belsomara", "suvorexant"),
    ("ropinerol", "ropinirole"), ("mirtazepine", "mirtazapine"),
    ("amitryptiline", "amitriptyline"), ("diazapam", "diazepam"), ("temazapam", "temazepam"),
    ("lirica", "pregabalin"), ("prozak", "fluoxetine"), ("lexipro", "escitalopram"),
    ("aderall", "amphetamine"), ("vyvance", "lisdexamfetamine"),
])
def test_the_reviews_misspellings_are_still_recognized_as_possible(typed, generic):
    hits = found(f"{typed} 1mg")
    assert hits[0] == (generic, True)
    assert all(fuzzy for _, fuzzy in hits)


# --- how a medicine is named in text --------------------------------------------------------

def test_describe_names_the_generic_and_its_kind_in_plain_words():
    oxycodone, acetaminophen = row("Percocet 5/325")
    assert INDEX.describe(oxycodone) == "Percocet (oxycodone, an opioid pain or cough medicine)"
    assert INDEX.describe(acetaminophen) == "Percocet (acetaminophen, a pain and fever medicine)"
    [plain] = row("oxycodone 5mg")
    assert INDEX.describe(plain) == "oxycodone (an opioid pain or cough medicine)"
    [seroquel] = row("Seroquel XR")
    assert INDEX.describe(seroquel) == (
        "Seroquel (quetiapine, an antipsychotic, also used for sleep)")


def test_describe_shows_a_guess_as_a_guess_and_keeps_unknown_words_as_typed():
    [guess] = row("klonipin 1mg")
    assert INDEX.describe(guess) == "klonipin (possibly clonazepam, please check; a benzodiazepine)"
    [unknown] = row("grandma's green pills")
    assert INDEX.describe(unknown) == "grandma's green pills"
    [ticked] = listed_medicines(INDEX, VOCABULARY.all_questions, {"otc_aids": ["melatonin"]})
    assert INDEX.describe(ticked) == "Melatonin (a melatonin or melatonin-like medicine)"


def test_every_class_has_a_plain_phrase_with_its_article():
    for cls in VOCABULARY.medicine_classes.values():
        assert INDEX.plain_class(cls.id).startswith(("a ", "an ")), cls.id
    assert INDEX.plain_class("other_medicine") == "a medicine that is not a sleep or brain medicine"


# --- classes the review corrected or added --------------------------------------------------

@pytest.mark.parametrize(("typed", "generic", "cls"), [
    # 8b and W8: misclassified
    ("Seroquel", "quetiapine", "antipsychotic"), ("Epidiolex", "prescription cannabidiol",
                                                   "anticonvulsant"),
    ("CBD oil", "cannabidiol", "sedating_herbal"), ("Benadryl One a Day", "cetirizine",
                                                    "other_medicine"),
    # 8c: missing names
    ("MST Continus", "morphine", "opioid"), ("Buvidal", "buprenorphine", "opioid"),
    ("Longtec", "oxycodone", "opioid"), ("Zytram XL", "tramadol", "opioid"),
    ("Durela", "tramadol", "opioid"), ("kratom", "kratom", "opioid"), ("oxy 10", "oxycodone",
                                                                       "opioid"),
    ("Loreev XR", "lorazepam", "benzodiazepine"), ("Murelax", "oxazepam", "benzodiazepine"),
    ("Ducene", "diazepam", "benzodiazepine"), ("Stesolid", "diazepam", "benzodiazepine"),
    ("Hypnodorm", "flunitrazepam", "benzodiazepine"),
    ("Zurzuvae", "zuranolone", "sedating_antidepressant"),
    ("Spravato", "esketamine", "sedating_antidepressant"),
    ("Lithobid", "lithium", "mood_stabilizer"), ("Strattera", "atomoxetine", "adhd_nonstimulant"),
    ("Qelbree", "viloxazine", "adhd_nonstimulant"), ("Intuniv", "guanfacine", "other_sedative"),
    ("Cesamet", "nabilone", "cannabinoid"), ("Marinol", "dronabinol", "cannabinoid"),
    ("Sativex", "nabiximols", "cannabinoid"), ("Welldorm", "chloral hydrate", "other_sedative"),
    ("Heminevrin", "clomethiazole", "other_sedative"),
    ("meprobamate", "meprobamate", "other_sedative"), ("phenibut", "phenibut", "other_sedative"),
    ("Nozinan", "levomepromazine", "antipsychotic"),
    ("Stemetil", "prochlorperazine", "antipsychotic"),
    ("Reglan", "metoclopramide", "nausea_medicine"), ("Maxolon", "metoclopramide",
                                                      "nausea_medicine"),
    ("amisulpride", "amisulpride", "antipsychotic"), ("pimozide", "pimozide", "antipsychotic"),
    ("mianserin", "mianserin", "sedating_antidepressant"),
    ("moclobemide", "moclobemide", "antidepressant"), ("Fycompa", "perampanel", "anticonvulsant"),
    ("Briviact", "brivaracetam", "anticonvulsant"), ("Xcopri", "cenobamate", "anticonvulsant"),
    ("ethosuximide", "ethosuximide", "anticonvulsant"),
    ("amantadine", "amantadine", "parkinsons_medicine"),
    ("Vallergan", "alimemazine", "sedating_antihistamine"),
    ("Polaramine", "dexchlorpheniramine", "sedating_antihistamine"),
    ("Minipress", "prazosin", "other_medicine"), ("Inderal", "propranolol", "other_medicine"),
    ("prednisone", "prednisone", "other_medicine"),
    ("Sudafed", "pseudoephedrine", "other_medicine"), ("Adipex", "phentermine", "stimulant"),
    ("Narcan", "naloxone", "opioid_blocker"), ("Vivitrol", "naltrexone", "opioid_blocker"),
    ("Campral", "acamprosate", "alcohol_use_medicine"),
    ("Antabuse", "disulfiram", "alcohol_use_medicine"),
    ("Chantix", "varenicline", "quit_smoking_medicine"),
    ("magnesium glycinate", "magnesium", "other_medicine"),
    ("5-HTP", "5-htp", "herbal_sleep_aid"), ("glycine", "glycine", "herbal_sleep_aid"),
    ("hops", "hops", "herbal_sleep_aid"),
])
def test_names_the_review_found_missing_or_misclassified(typed, generic, cls):
    [med] = row(typed)
    assert (med.generic.lower(), med.fuzzy) == (generic, False)
    assert cls in med.classes


def test_quetiapine_is_an_antipsychotic_taken_for_sleep():
    [seroquel] = row("Seroquel 25mg")
    assert seroquel.classes == {"antipsychotic", "also_used_for_sleep"}
    assert {"sedating", "sleep_or_anxiety", "beers_cns"} <= seroquel.tags
    assert "antidepressant" not in " ".join(seroquel.classes)


def test_sominex_counts_as_a_sedating_antihistamine_whichever_country():
    # US Sominex is diphenhydramine, UK Sominex promethazine: the class is sure, the generic not.
    [sominex] = row("Sominex")
    assert (sominex.generic, sominex.fuzzy) == ("diphenhydramine", True)
    assert sominex.classes == {"sedating_antihistamine"}
    assert generics("Benadryl") == ["diphenhydramine"]  # the US and Canadian meaning


def test_beers_cns_marks_the_classes_the_beers_criteria_count():
    tagged = {cls.id for cls in VOCABULARY.medicine_classes.values() if "beers_cns" in cls.tags}
    assert tagged == {"benzodiazepine", "z_drug", "opioid", "gabapentinoid", "anticonvulsant",
                      "antidepressant", "sedating_antidepressant", "antipsychotic",
                      "muscle_relaxant"}


@pytest.mark.parametrize("typed", ["kava", "valerian root", "CBD gummies"])
def test_kava_valerian_and_cbd_add_to_sleepiness(typed):
    [med] = row(typed)
    assert "sedating" in med.tags


# --- the loader checks the vocabulary -------------------------------------------------------

VOCABULARY_YAML = """\
pages:
  - id: p
    title: P
    questions:
      - {id: meds, type: medicine_list, label: Medicines}
medicine_classes:
  opioid: {label: Opioid, plain: an opioid, tags: [sedating]}
  other_medicine: {label: Other medicine, plain: a medicine that is not a sleep medicine}
medicines:
  - {name: codeine, class: opioid}
  - {name: acetaminophen, class: other_medicine, brands: [Tylenol]}
  - {name: Tylenol-Codeine, ingredients: [acetaminophen, codeine], brands: ["Tylenol #3"]}
sources:
  guide: {name: A sleep guide, year: 2020, title: Sleep in adults,
          url: https://example.org/sleep-guide}
talking_points:
  - id: describe-sleep
    fallback: true
    raise: Tell your doctor how you sleep.
    say: I want to talk about it.
    ask: What could help me sleep better?
    why: Doctors ask about sleep.
    source: guide
settings: {version: "1"}
"""


def vocabulary_problems(old: str, new: str) -> list[tuple[int | None, str, str]]:
    from webapp.engine.loader import parse_questionnaire
    from webapp.engine.problems import QuestionnaireError, format_path

    assert old in VOCABULARY_YAML
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(VOCABULARY_YAML.replace(old, new))
    return [(p.line, format_path(p.path), p.message) for p in caught.value.problems]


def test_the_small_vocabulary_loads_with_its_product():
    from webapp.engine.loader import parse_questionnaire

    index = parse_questionnaire(VOCABULARY_YAML).medicine_index
    assert [hit.medicine.name for hit in index.recognise("Tylenol No. 3")] == [
        "acetaminophen", "codeine"]


@pytest.mark.parametrize(("old", "new", "line", "path", "start"), [
    ("{label: Opioid, plain: an opioid, tags", "{label: Opioid, tags", 7,
     "medicine_classes.opioid", "Missing 'plain': how a sentence names this class"),
    ("plain: an opioid,", "plain: opioid medicine,", 7, "medicine_classes.opioid.plain",
     "'plain' must start with 'a' or 'an'"),
    ("ingredients: [acetaminophen, codeine]", "ingredients: [acetaminophen, codein]", 12,
     "medicines[2].ingredients[1]", "The ingredient 'codein' is not a medicine in this"),
    ("ingredients: [acetaminophen, codeine]", "ingredients: [codeine]", 12,
     "medicines[2].ingredients", "'ingredients' must list two or more generic names."),
    ("ingredients: [acetaminophen, codeine]", "ingredients: [codeine, Codeine]", 12,
     "medicines[2].ingredients", "An ingredient is listed twice."),
    ("{name: Tylenol-Codeine, ingredients",
     "{name: Tylenol-Codeine, class: opioid, ingredients", 12, "medicines[2]",
     "Give a medicine either 'class' (one medicine) or 'ingredients'"),
    ('brands: ["Tylenol #3"]', 'brands: ["Tylenol #3", TYLENOL No. 3]', 12,
     "medicines[2].brands[1]", "The name 'TYLENOL No. 3' is listed twice"),
    ("brands: [Tylenol]}", "brands: [Tylenol], plain: pain reliever}", 11,
     "medicines[1].plain", "'plain' must start with 'a' or 'an'"),
])
def test_vocabulary_mistakes_are_reported_with_line_and_path(old, new, line, path, start):
    [(found_line, found_path, message)] = vocabulary_problems(old, new)
    assert (found_line, found_path) == (line, path)
    assert message.startswith(start), message
