"""One spelling: US English in every text the app writes (it cites the FDA and 988).

A lint, not the guardrail: a short list of British forms that have crept in before
(behaviour, counselling, recognised...) looked for in questions.yaml's texts, the
templates' visible words, the messages in the app's code and a printed summary. Titles
of published sources keep their own spelling and are left out.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from webapp.engine.answer_file import read_answers
from webapp.engine.sheet_text import summary_as_text
from webapp.engine.summary import build_summary

#: British spellings and the US form the app uses. Word starts, so "behaviours" and
#: "recognised" are caught too.
UK_FORMS = {
    "behaviour": "behavior", "behavioural": "behavioral", "counsell": "counsel",
    "recognis": "recogniz", "organis": "organiz", "realis": "realiz", "minimis": "minimiz",
    "prioritis": "prioritiz", "apologis": "apologiz", "emphasis": None, "colour": "color",
    "favour": "favor", "honour": "honor", "labour": "labor", "centre": "center",
    "judgement": "judgment", "licence": "license", "programme": "program",
    "travelled": "traveled", "cancelled": "canceled", "labelled": "labeled",
    "modelling": "modeling", "fulfil ": "fulfill", "enrol ": "enroll", "grey": "gray",
    "anaesthe": "anesthe", "oestrogen": "estrogen", "haemo": "hemo", "paediatric": "pediatric",
    "tumour": "tumor", "diarrhoea": "diarrhea", "apnoea": "apnea", "dyspnoea": "dyspnea",
    "whilst": "while", "amongst": "among", "learnt": "learned", "practise": "practice",
    "ageing": "aging", "analyse": "analyze", "defence": "defense", "offence": "offense",
    "mould": "mold", "sceptic": "skeptic", "manoeuvre": "maneuver", "fibre": "fiber",
    "litre": "liter", "metre": "meter", "tonne": "ton",
}
UK = re.compile(r"\b(" + "|".join(re.escape(form.strip()) for form, us in UK_FORMS.items()
                                 if us) + r")", re.IGNORECASE)


REGEX = re.compile(r"\\[sbwd]|\(\?[:!=<]|[a-z]\|[a-z]")


def uk_words(texts: dict[str, str]) -> list[str]:
    """Each British form found, with where it is."""
    return [f"{place}: {match.group(0)!r} in {text!r}" for place, text in texts.items()
            for match in UK.finditer(text)]


def questionnaire_texts(questionnaire) -> dict[str, str]:
    from webapp.engine.points import texts_of

    texts = {"settings": " ".join([questionnaire.settings.title, questionnaire.settings.disclaimer,
                                   questionnaire.settings.crisis_line])}
    for page in questionnaire.pages:
        texts[f"page {page.id}"] = " ".join(filter(None, [page.title, page.section, page.intro]))
        for question in page.questions:
            parts = [question.label, question.hint, question.why, question.summary_label,
                     getattr(question.settings, "unit", None)]
            parts += [text for option in question.options
                      for text in (option.label, option.hint, option.phrase)]
            parts += [text for field in getattr(question.settings, "fields", ())
                      for text in (field.label, *(option.label for option in field.options))]
            texts[f"question {question.id}"] = " ".join(filter(None, parts))
    for instrument in questionnaire.instruments.values():
        texts[f"instrument {instrument.id}"] = " ".join(
            filter(None, [instrument.name, instrument.note, *(b.label for b in instrument.bands)]))
    for rule in questionnaire.talking_points:
        texts[f"talking point {rule.id}"] = " ".join(
            [rule.title or ""] + [text for _, _, text in texts_of(rule)])
    for cls in questionnaire.medicine_classes.values():
        texts[f"medicine class {cls.id}"] = cls.label
    return texts


def template_texts() -> dict[str, str]:
    """The words of each template, without its tags, expressions and comments."""
    found = {}
    for path in sorted((ROOT / "webapp" / "templates").glob("*.html")):
        text = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", " ", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]*>", " ", text)
        found[f"template {path.name}"] = text
    return found


def code_texts() -> dict[str, str]:
    """Every string literal in the app's code that is not a docstring: messages it shows.

    Regular expressions are left out: the guardrail's patterns match both spellings on
    purpose. Names in code (attributes, ids) are not strings and are not looked at.
    """
    found = {}
    for path in sorted((ROOT / "webapp").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef,
                                           ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        strings = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                   and isinstance(node.value, str) and id(node) not in docstrings
                   and not REGEX.search(node.value)]
        found[f"code {path.relative_to(ROOT / 'webapp').as_posix()}"] = "\n".join(strings)
    return found


def test_the_questionnaire_texts_are_in_us_english(questionnaire):
    assert uk_words(questionnaire_texts(questionnaire)) == []


def test_the_templates_are_in_us_english():
    assert uk_words(template_texts()) == []


def test_the_messages_in_the_code_are_in_us_english():
    assert uk_words(code_texts()) == []


@pytest.mark.parametrize("name", ["older_adult_benzo_opioid", "midlife_anxiety_several_medicines"])
def test_a_printed_summary_is_in_us_english(questionnaire, name):
    answers = read_answers((FIXTURES / "patients" / f"{name}.json").read_bytes(),
                           questionnaire).answers
    summary = build_summary(questionnaire, answers)
    text = summary_as_text(summary)
    for source in summary.sources:  # published titles keep their own spelling
        text = text.replace(source.citation, "")
    assert uk_words({"summary": text}) == []


def test_the_lint_finds_what_it_looks_for():
    assert uk_words({"x": "Talking therapy or counselling about behaviours, not recognised."}) \
        == ["x: 'counsell' in 'Talking therapy or counselling about behaviours, not recognised.'",
            "x: 'behaviour' in 'Talking therapy or counselling about behaviours, not recognised.'",
            "x: 'recognis' in 'Talking therapy or counselling about behaviours, not recognised.'"]


def test_every_text_is_looked_at(questionnaire):
    """The collectors reach every part: a British word put into each would be found."""
    assert len(questionnaire_texts(questionnaire)) > 60
    assert {"template summary.html", "template base.html"} <= set(template_texts())
    code = code_texts()
    assert {"code engine/summary.py", "code web/views.py", "code storage/answers.py",
            "code engine/question_types/number.py"} <= set(code)
    assert Path(ROOT / "questions.yaml").exists()
