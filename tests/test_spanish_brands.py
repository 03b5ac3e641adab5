"""Medicine names typed in Spanish-speaking countries are recognized as their ingredient.

Brands checked against Spanish product information (AEMPS fichas técnicas and
prospectos, and a Chilean monograph for Dormonid); generic names in their Spanish spelling.
"""

from __future__ import annotations

import pytest


def generic(questionnaire, typed: str) -> str | tuple[str, ...] | None:
    names = tuple(hit.medicine.name for hit in questionnaire.medicine_index.recognise(typed))
    return names[0] if len(names) == 1 else names or None


@pytest.mark.parametrize(("typed", "expected"), [
    # brands sold in Spain or Latin America
    ("Rivotril", "clonazepam"), ("Valium", "diazepam"), ("Stilnox", "zolpidem"),
    ("Lexotan", "bromazepam"), ("Noctamid", "lormetazepam"), ("Trankimazin", "alprazolam"),
    ("Trankimazin Retard 0,5 mg", "alprazolam"), ("Orfidal", "lorazepam"),
    ("orfidal 1mg por la noche", "lorazepam"), ("Dormicum", "midazolam"),
    ("Dormonid", "midazolam"), ("Tranxilium 15", "clorazepate"),
    # generic names spelt in Spanish
    ("zolpidem", "zolpidem"), ("zopiclona", "zopiclone"), ("eszopiclona", "eszopiclone"),
    ("lorazepam", "lorazepam"), ("alprazolam", "alprazolam"), ("clonazepam", "clonazepam"),
    ("diazepam", "diazepam"), ("bromazepam", "bromazepam"), ("lormetazepam", "lormetazepam"),
    ("clorazepato", "clorazepate"), ("doxilamina", "doxylamine"),
    ("difenhidramina", "diphenhydramine"), ("oxicodona", "oxycodone"),
    ("gabapentina", "gabapentin"), ("pregabalina", "pregabalin"), ("trazodona", "trazodone"),
    ("mirtazapina", "mirtazapine"), ("quetiapina", "quetiapine"),
])
def test_spanish_brand_and_generic_names_are_their_ingredient(questionnaire, typed, expected):
    assert generic(questionnaire, typed) == expected
