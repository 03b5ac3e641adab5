"""The guardrail: every text the app writes must raise and ask, never recommend or diagnose.

:func:`problems_in` returns what is wrong with one text (empty when it passes):

- a dose amount ("0.5 mg", "two tablets");
- an instruction to take, stop, start, increase, reduce, skip or switch a
  medicine ("Stop taking ...", "Do not drive");
- "you should", "you must", "you need to" and the like;
- a diagnosis ("You have sleep apnea", "you are addicted");
- a verdict that something is safe or unsafe, better or worse for this person.

Questions to ask the doctor ("Is it safe for me to stop?") may name safety,
since they ask rather than tell; dose amounts are refused everywhere. The
patient's own words are never checked: they are shown as theirs, quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_UNITS = (r"mg|mcg|µg|ug|micrograms?|milligrams?|grams?|ml|mL|millilit(?:er|re)s?|cc|"
          r"tablets?|tabs?|pills?|capsules?|caps?|drops?|puffs?|units?|doses?|patch(?:es)?")
_NUMBER_WORDS = (r"a|an|one|two|three|four|five|six|half|half an?|a half|quarter|a quarter|"
                 r"double|extra|another")
DOSE = re.compile(
    rf"(?<![\w.])\d+(?:[.,]\d+)?(?:\s*(?:-|to)\s*\d+(?:[.,]\d+)?)?\s*(?:{_UNITS})\b"
    rf"|\b(?:{_NUMBER_WORDS})\s+(?:more\s+)?(?:tablets?|pills?|capsules?|doses?|mg)\b"
    rf"|\b(?:{_UNITS.split('|tablets?')[0]})\s*(?:per|a|each)\s+(?:day|night|dose)\b",
    re.IGNORECASE,
)

#: Verbs that, opening a sentence, tell the patient what to do with a medicine or a habit.
_COMMAND_VERBS = (r"take|stop|start(?!\s+(?:now|again|over|here)\b)|increase|reduce|decrease|"
                  r"skip|switch|taper|double|halve|quit|discontinue|wean|avoid|drink|drive|"
                  r"mix|combine|try|restart|resume|come\s+off|get\s+off|cut\s+(?:down|back)|"
                  r"go\s+back\s+on|keep\s+taking|stay\s+on")
#: Verbs that are instructions only with a medicine as their object ("Change your dose").
_OBJECT_VERBS = (r"(?:change|lower|raise|adjust|use|add|continue)\s+(?:your\s+|the\s+|this\s+|"
                 r"that\s+|a\s+|any\s+|more\s+|less\s+)?(?:medicines?|medications?|doses?|"
                 r"dosage|pills?|tablets?|prescriptions?|sleeping\s+pills?)")
_MEDICINE_VERBS = _COMMAND_VERBS + "|" + _OBJECT_VERBS
IMPERATIVE = re.compile(
    rf"^(?:please\s+|now\s+|then\s+|so\s+|first,?\s+)?(?:(?:do\s+not|don't|never|always)\s+)?"
    rf"(?:{_MEDICINE_VERBS})\b",
    re.IGNORECASE,
)
NEGATIVE_COMMAND = re.compile(
    rf"(?:^|[,;:]\s*|\b(?:and|but|so|then)\s+)(?:do\s+not|don't|never)\s+(?:{_MEDICINE_VERBS})\b",
    re.IGNORECASE,
)
OBLIGATION = re.compile(
    r"\byou\s+(?:should|shouldn't|must|mustn't|need\s+to|needn't|ought\s+to|have\s+to|"
    r"had\s+better|will\s+need\s+to|are\s+(?:required|advised)\s+to)\b"
    r"|\b(?:make\s+sure|be\s+sure)\s+(?:you|to)\b"
    r"|\b(?:it\s+is|it's)\s+(?:best|better|wise|important|essential|vital)\s+(?:to|that\s+you)\s+"
    rf"(?:{_MEDICINE_VERBS}|not\s+(?:{_MEDICINE_VERBS}))\b"
    r"|\bwe\s+(?:recommend|advise|suggest)\b|\b(?:i|we)\s+(?:would\s+)?(?:recommend|advise)\b",
    re.IGNORECASE,
)
_CONDITIONS = (r"insomnia|sleep\s+apnoea|sleep\s+apnea|apnoea|apnea|anxiety|depression|"
               r"restless\s+legs?(?:\s+syndrome)?|rls|narcolepsy|epilepsy|gad|ptsd|"
               r"an?\s+(?:[\w-]+\s+){0,3}disorder|an?\s+addiction|addiction|dependence|"
               r"alcoholism|a\s+(?:drinking|drug|alcohol|substance)\s+problem|"
               r"a\s+problem\s+with\s+(?:alcohol|drugs?|pills)|tolerance|withdrawal|"
               r"(?:an?\s+)?(?:mental\s+)?illness")
DIAGNOSIS = re.compile(
    rf"(?<!\bdo\s)(?<!\bdid\s)\byou(?:'ve|\s+have|\s+likely\s+have|\s+probably\s+have|\s+may\s+have|"
    rf"\s+might\s+have|\s+seem\s+to\s+have|\s+suffer\s+from|'re\s+suffering\s+from|"
    rf"\s+are\s+suffering\s+from|\s+have\s+got)\s+(?:{_CONDITIONS})\b"
    r"|\byou(?:'re|\s+are)\s+(?:an?\s+)?(?:addicted|dependent|an\s+addict|an\s+alcoholic|"
    r"alcoholic|depressed|anxious\s+disorder)\b"
    r"|\b(?:this|that|your\s+(?:score|answers?))\s+(?:means|shows|proves|confirms)\s+"
    r"(?:that\s+)?you\s+(?:have|are)\b"
    r"|\byour\s+diagnosis\s+is\b|\bdiagnos(?:is|ed)\s+(?:of|with)\b",
    re.IGNORECASE,
)
VERDICT = re.compile(
    r"\b(?:is|are|it's|that's|this\s+is|they're|would\s+be|will\s+be)\s+(?:not\s+)?"
    r"(?:perfectly\s+|completely\s+|totally\s+|probably\s+|very\s+)?"
    r"(?:safe|unsafe|dangerous|harmless|fine|ok|okay|risky|right|wrong|better|worse|best|"
    r"safer|the\s+best|a\s+good\s+idea|a\s+bad\s+idea)\s+(?:for\s+you|to\s+(?:take|use|stop|"
    r"combine|mix|drive|drink|continue)|together|with|than|choice|option|now)\b"
    r"|\b(?:nothing|no\s+need)\s+to\s+worry\b|\bsafe\s+for\s+you\b|\bnot\s+safe\b",
    re.IGNORECASE,
)

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class GuardrailProblem:
    """One sentence that breaks the rule, and which part of the rule."""

    rule: str
    sentence: str

    def __str__(self) -> str:
        return f"{self.rule}: \u201c{self.sentence}\u201d"


RULES = {
    "dose": "states a dose amount; the app never states doses",
    "instruction": "tells the patient what to do with a medicine; say what to raise or ask",
    "obligation": "says 'you should' or 'you must'; say what to raise or ask",
    "diagnosis": "reads as a diagnosis; say the answers match signs doctors ask about",
    "verdict": "gives a verdict on safety; ask the doctor instead",
}


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences (and lines)."""
    return [part.strip() for part in _SENTENCE.split(text) if part and part.strip()]


def problems_in(text: str) -> list[GuardrailProblem]:
    """Everything in ``text`` that breaks the rule, one entry a sentence and rule."""
    found = []
    for sentence in sentences(text):
        asking = sentence.rstrip("\"'\u201d)").endswith("?")
        clause = _after_lead_in(sentence)
        checks = {"dose": DOSE.search(sentence)}
        if not asking:
            checks["instruction"] = IMPERATIVE.search(clause) or NEGATIVE_COMMAND.search(clause)
            checks["verdict"] = VERDICT.search(sentence)
        checks["obligation"] = OBLIGATION.search(sentence)
        checks["diagnosis"] = DIAGNOSIS.search(sentence)
        found.extend(GuardrailProblem(rule, sentence) for rule, hit in checks.items() if hit)
    return found


def _after_lead_in(sentence: str) -> str:
    """Drop a lead-in such as "Ask your doctor:" or "Why:" so the clause itself is checked."""
    head, colon, rest = sentence.partition(":")
    if colon and len(head.split()) <= 5:
        return rest.strip()
    return sentence


def check_texts(texts: Iterable[tuple[str, str]]) -> list[str]:
    """Check (place, text) pairs; return one plain message per problem, naming its place."""
    messages = []
    for place, text in texts:
        for problem in problems_in(text):
            messages.append(f"[{place}] This text {RULES[problem.rule]}: "
                            f"\u201c{problem.sentence}\u201d")
    return messages
