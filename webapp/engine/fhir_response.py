"""The patient's answers as a FHIR R4 ``QuestionnaireResponse``, and back again.

:func:`response_resource` writes what "Download for my clinic's record system (FHIR)"
gives and ``flask fhir response`` prints: every answer the patient was shown, nested as
in :func:`webapp.engine.fhir_questionnaire.questionnaire_resource`, each score as the answer to
its calculated item, and the talking points the patient kept, each as the screen shows
it. It names no patient: the app has no identity to give (README, "For clinics").

:func:`read_response` reads one back ("Continue from a saved file"), with the same
plain-words report of answers it cannot use as the answers file. Pure: no Flask.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from .answer_file import AnswerFileError, ReadAnswers, check_answers, not_used
from .fhir_codes import LOINC
from .fhir_diary import UnreadableNight, answer_groups, read_groups
from .fhir_questionnaire import (
    POINTS,
    POINTS_TEXT,
    SCORES,
    answer_system,
    codes_of,
    fhir_type,
    option_coding,
    page_link,
    score_link,
)
from .language import gettext as _
from .question_types import SleepDiarySettings, list_settings
from .questionnaire import Option, Question, Questionnaire
from .rules import TalkingPoint, evaluate_answers
from .validation import shown_safely

#: Most items (answers, groups, rows) read from one response; the app's own hold about 100.
MAX_ITEMS = 2_000
#: The answer's value[x] for each FHIR item type whose answer is a plain value.
VALUE_KEYS = {"integer": "valueInteger", "decimal": "valueDecimal", "date": "valueDate",
              "dateTime": "valueDateTime", "time": "valueTime", "url": "valueUri"}


def value_key(kind: str) -> str:
    """The key of an answer's value for FHIR item type ``kind`` (text: valueString)."""
    return VALUE_KEYS.get(kind, "valueString")


def response_resource(questionnaire: Questionnaire, answers: Mapping[str, Any],
                      left_out: Iterable[str] = (), authored: datetime | None = None,
                      complete: bool = True) -> dict[str, Any]:
    """The QuestionnaireResponse (as JSON-ready data) for ``answers``.

    ``left_out`` names talking points the patient left out of the printout; ``complete``
    False (pages still to answer) makes its status "in-progress".
    """
    evaluation = evaluate_answers(questionnaire, answers)
    effective = evaluation.answers
    items: list[dict[str, Any]] = []
    for page in evaluation.pages:
        children = [item for question in page.questions if question.id in effective
                    for item in _answer_items(questionnaire, question, effective[question.id])]
        if children:
            items.append({"linkId": page_link(page), "text": page.title, "item": children})
    scores = [{"linkId": score_link(iid), "text": f"{score.instrument.name}: total score",
               "answer": [{"valueInteger": score.total}]}
              for iid, score in evaluation.scores.items()]
    if scores:
        items.append({"linkId": SCORES, "text": "Scores", "item": scores})
    left_out = set(left_out)
    kept = [point_text(point) for point in evaluation.talking_points if point.id not in left_out]
    if kept:
        items.append({"linkId": POINTS, "text": POINTS_TEXT,
                      "answer": [{"valueString": text} for text in kept]})
    when = authored or datetime.now(UTC)
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": codes_of(questionnaire).canonical,
        "status": "completed" if complete else "in-progress",
        "authored": when.astimezone(UTC).isoformat(timespec="seconds"),
        "item": items,
    }


def point_text(point: TalkingPoint) -> str:
    """One talking point as the talking points screen shows it, in plain text."""
    lines = [point.title or point.raise_text, f"Raise: {point.raise_text}",
             f"Ask: \u201c{point.ask}\u201d"]
    if point.crisis_line:
        lines.append(point.crisis_line)
    lines.append(f"Why it matters: {point.why}")
    if point.sources:
        label = "Sources" if len(point.sources) > 1 else "Source"
        lines.append(f"{label}: " + "; ".join(source.citation for source in point.sources))
    return "\n".join(lines)


def _answer_items(questionnaire: Questionnaire, question: Question, value: Any
                  ) -> list[dict[str, Any]]:
    base = {"linkId": question.id, "text": question.label}
    kind = fhir_type(question)
    if isinstance(question.settings, SleepDiarySettings):
        return answer_groups(questionnaire, question, value, option_coding)
    if kind == "group":
        rows = []
        for row in value:
            fields = [{"linkId": f"{question.id}.name", "text": "Name",
                       "answer": [{"valueString": row["name"]}]}]
            for field in list_settings(question).fields:
                text = (row.get(field.name) or "").strip()
                if not text:
                    continue
                link_id = f"{question.id}.{field.name}"
                option = next((o for o in field.options if o.value == text), None)
                answer = ({"valueCoding": option_coding(questionnaire, link_id, option)}
                          if option else {"valueString": text})
                fields.append({"linkId": link_id, "text": field.label, "answer": [answer]})
            if row.get("name", "").strip():
                rows.append({**base, "item": fields})
        return rows
    values = value if question.kind.many else [value]
    if kind == "boolean":
        answers = [{"valueBoolean": value == "yes"}]
    elif kind == "choice":
        options = [option for v in values if (option := question.option(v)) is not None]
        answers = [{"valueCoding": option_coding(questionnaire, question.id, option)}
                   for option in options]
    elif kind == "integer":
        answers = [{"valueInteger": int(value)}]
    else:
        answers = [{value_key(kind): value}]
    return [{**base, "answer": answers}]


# --- reading one back ----------------------------------------------------------------

class _Unreadable(ValueError):
    """One answer in the response is not in a form the app can read."""


def read_response(data: Mapping[str, Any], questionnaire: Questionnaire) -> ReadAnswers:
    """The usable answers in a QuestionnaireResponse, and a plain-words list of the rest.

    Raises :class:`AnswerFileError` when it answers another questionnaire, or is not
    a QuestionnaireResponse this app can read at all.
    """
    codes = codes_of(questionnaire)
    named = data.get("questionnaire")
    url = named.split("|")[0] if isinstance(named, str) else None
    if url != codes.url:
        raise AnswerFileError(
            _("This FHIR file answers another questionnaire, not this one, so its answers "
              "cannot be used here.") if url else
            _("This FHIR file does not say which questionnaire it answers, so its answers "
              "cannot be used here."))
    items = data.get("item", [])
    if not isinstance(items, list):
        raise AnswerFileError(_("This FHIR file has no answers in it that this app can read."))
    found: dict[str, list[Any]] = {}
    result = ReadAnswers()
    stack, count = list(reversed(items)), 0
    while stack:
        item = stack.pop()
        count += 1
        if count > MAX_ITEMS:
            raise AnswerFileError(_("This FHIR file holds more than %(most)s answers; no file "
                                    "from this app holds that many, so it cannot be used.",
                                    most=format(MAX_ITEMS, ",")))
        if not isinstance(item, Mapping) or not isinstance(item.get("linkId"), str):
            result.problems.append(_("A part of the file that is not an answer was not used."))
            continue
        link_id = item["linkId"]
        question = questionnaire.find_question(link_id)
        if question is not None:
            found.setdefault(link_id, []).append(item)
        elif link_id.startswith("page.") and isinstance(item.get("item"), list):
            stack.extend(reversed(item["item"]))
        elif link_id not in (SCORES, POINTS):  # worked out again from the answers
            result.problems.append(_("An answer to a question this questionnaire no longer "
                                     "asks (%(question)s) was not used.",
                                     question=shown_safely(link_id, 60)))
    answers: dict[str, Any] = {}
    for link_id, repeats in found.items():
        question = questionnaire.question(link_id)
        try:
            answers[link_id] = _value_of(questionnaire, question, repeats)
        except _Unreadable:
            result.problems.append(not_used(question.short_label, _(
                "it is not in a form this app can read.")))
    check_answers(answers, questionnaire, result)
    return result


def _value_of(questionnaire: Questionnaire, question: Question, repeats: list[Mapping]) -> Any:
    """The app's answer to ``question`` from its item(s) in a response."""
    if isinstance(question.settings, SleepDiarySettings):
        try:
            return read_groups(questionnaire, question, repeats, option_coding)
        except UnreadableNight:
            raise _Unreadable() from None
    if fhir_type(question) == "group":
        return [_row(questionnaire, question, item) for item in repeats]
    if len(repeats) != 1:
        raise _Unreadable()
    values = [_value(questionnaire, question.id, question.options, fhir_type(question), answer)
              for answer in _answers(repeats[0])]
    if question.kind.many:
        return values
    if len(values) != 1:
        raise _Unreadable()
    return values[0]


def _row(questionnaire: Questionnaire, question: Question, item: Mapping) -> dict[str, str]:
    fields = {f"{question.id}.{field.name}": field for field in list_settings(question).fields}
    row: dict[str, str] = {}
    children = item.get("item", [])
    if not isinstance(children, list):
        raise _Unreadable()
    for child in children:
        link_id = child.get("linkId") if isinstance(child, Mapping) else None
        answers = _answers(child)
        if len(answers) != 1:
            raise _Unreadable()
        if link_id == f"{question.id}.name":
            row["name"] = _value(questionnaire, link_id, (), "string", answers[0])
        elif link_id in fields:
            field = fields[link_id]
            kind = "choice" if field.options else "string"
            row[field.name] = _value(questionnaire, link_id, field.options, kind, answers[0])
        else:
            raise _Unreadable()
    return row


def _answers(item: Any) -> list[Mapping]:
    answers = item.get("answer") if isinstance(item, Mapping) else None
    if not isinstance(answers, list) or not all(isinstance(a, Mapping) for a in answers):
        raise _Unreadable()
    return answers


def _value(questionnaire: Questionnaire, link_id: str, options: tuple[Option, ...], kind: str,
           answer: Mapping) -> Any:
    if kind == "choice":
        coding = answer.get("valueCoding")
        if not isinstance(coding, Mapping):
            raise _Unreadable()
        system, code = coding.get("system"), coding.get("code")
        for option in options:
            known = option_coding(questionnaire, link_id, option)
            if (known["system"], known["code"]) == (system, code):
                return option.value
        if system in (LOINC, answer_system(codes_of(questionnaire), link_id)) and \
                isinstance(code, str):
            return code  # not one of the options: the check that follows says so
        raise _Unreadable()
    if kind == "boolean":
        value = answer.get("valueBoolean")
        if not isinstance(value, bool):
            raise _Unreadable()
        return "yes" if value else "no"
    key = value_key(kind)
    if key not in answer:
        raise _Unreadable()
    return answer[key]
