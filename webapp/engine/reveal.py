"""Follow-up questions that appear and disappear as the patient answers, without JavaScript.

A question whose condition looks only at choice questions on its own page ("Are you
pregnant?" unless "Male" is chosen just above) is always on the page, and a small
stylesheet made from questions.yaml hides it while its condition is false::

    form:not(:has(input[name="sex"][value="male"]:checked)) ...

so it goes the moment "Male" is chosen and comes back with "Female", with or without
JavaScript. Other conditions (a number, an earlier page, a medicine) cannot be read from the
page: those questions appear after Continue, with a notice. The server stays the judge: an
answer to a question whose condition is false is never saved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from .conditions import AllOf, AnswerIs, AnyOf, Condition, Not
from .questionnaire import Page, Question, Questionnaire


def holds_when(condition: Condition, choices: Mapping[str, Question]) -> str | None:
    """A selector suffix that a page's form matches exactly when ``condition`` holds.

    ``choices`` are the choice questions on the same page; None when the condition looks at
    anything else.
    """
    match condition:
        case AnswerIs(question, op, value) if question in choices:
            if op == "answered":
                ticked = f':has(input[name="{question}"]:checked)'
                return ticked if value else f":not({ticked})"
            values = (value,) if op == "equals" else value if op in ("one_of", "any_of") else None
            if values is None:
                return None
            inputs = ", ".join(f'input[name="{question}"][value="{item}"]:checked'
                               for item in values)
            return f":has({inputs})"
        case Not(item):
            inner = holds_when(item, choices)
            return None if inner is None else f":not({inner})"
        case AllOf(items) | AnyOf(items):
            parts = [holds_when(item, choices) for item in items]
            known = [part for part in parts if part is not None]
            if len(known) != len(parts):
                return None
            return "".join(known) if isinstance(condition, AllOf) else f":is({', '.join(known)})"
    return None


@dataclass(frozen=True)
class PageReveals:
    """The questions of one page that show or hide as the patient answers it."""

    rules: Mapping[str, str]  # question id -> selector suffix of the form when it is shown

    @property
    def question_ids(self) -> frozenset[str]:
        return frozenset(self.rules)


def page_reveals(page: Page) -> PageReveals:
    """Which questions of ``page`` the stylesheet shows and hides, and when.

    Only choice questions that are always on the page count: the answer to a follow-up
    that is itself hidden counts as not given, which a stylesheet cannot see.
    """
    # A choice's answer is a ticked input, which the stylesheet can see.
    choices = {q.id: q for q in page.questions if q.kind.choice and q.when is None}
    rules = {question.id: holds_when(question.when, choices) for question in page.questions
             if question.when is not None}
    return PageReveals({qid: rule for qid, rule in rules.items() if rule is not None})


def _negated(rule: str) -> str:
    """The selector suffix that holds exactly when ``rule`` does not (no double :not)."""
    opening = len(":not")
    if rule.startswith(":not("):
        depth = 0
        for position in range(opening, len(rule)):
            depth += {"(": 1, ")": -1}.get(rule[position], 0)
            if depth == 0:  # where the :not( closes: the whole rule, or only its start
                if position == len(rule) - 1:
                    return rule[opening + 1:-1]
                break
    return f":not({rule})"


class RevealStyles:
    """The stylesheet for a whole questionnaire, made once, and each page's reveals."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.pages = {page.id: page_reveals(page) for page in questionnaire.pages}

    @cached_property
    def css(self) -> str:
        lines = ["/* Made from questions.yaml: a follow-up question shows only while the "
                 "answer it depends on is chosen. */"]
        for reveals in self.pages.values():
            for qid, rule in reveals.rules.items():
                lines.append(f"form{_negated(rule)} #question-{qid} {{ display: none; }}")
        return "\n".join(lines) + "\n"

    @cached_property
    def version(self) -> str:
        """A digest of the stylesheet, so a browser never keeps rules from an older file."""
        return hashlib.sha256(self.css.encode()).hexdigest()[:12]
