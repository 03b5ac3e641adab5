"""What no text the app writes may hold, whatever its sentence form: the guardrail's second line.

A dose amount; an order to take, stop, start or change a medicine or a habit; "you should"
or "you must"; a diagnosis; a verdict that something is safe, fine or best; and, in
statements that name no source, a claim that something helps. Questions to the doctor may
name safety ("Is it safe for me to stop?"), since they ask rather than tell; dose amounts
are refused everywhere.
"""

from __future__ import annotations

import re

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
#: Verbs that, opening a clause, tell the patient what to do with a medicine or a habit.
_COMMAND_VERBS = (r"take|stop|start(?!\s+(?:now|again|over|here)\b)|increase|reduce|decrease|"
                  r"skip|switch|taper|double|halve|quit|discontinue|wean|avoid|drink|drive|"
                  r"mix|combine|try|restart|resume|come\s+off|get\s+off|cut|keep|have\s+a|"
                  r"go\s+back\s+on|stay\s+on|use")
#: Verbs that are instructions only with a medicine as their object ("Change your dose").
_OBJECT_VERBS = (r"(?:change|lower|raise|adjust|add|continue)\s+(?:your\s+|the\s+|this\s+|"
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
#: The patient, on the printed sheet, made to announce an order to themselves.
FIRST_PERSON_ORDER = re.compile(
    rf"\bi(?:'ll|\s+will|\s+am\s+going\s+to|'m\s+going\s+to|\s+plan\s+to|\s+intend\s+to|"
    rf"\s+should|\s+must|\s+need\s+to|\s+have\s+to|\s+ought\s+to|\s+want\s+to|"
    rf"\s+would\s+like\s+to|\s+decided\s+to|\s+am\s+about\s+to)\s+(?:not\s+)?"
    rf"(?:{_MEDICINE_VERBS})\b",
    re.IGNORECASE,
)
#: The patient, on the printed sheet, made to state a diagnosis.
FIRST_PERSON_DIAGNOSIS = re.compile(
    rf"\b(?:i(?:'ve|\s+have|\s+likely\s+have|\s+probably\s+have|\s+may\s+have|"
    rf"\s+might\s+have|\s+suffer\s+from|'m\s+suffering\s+from|\s+am\s+suffering\s+from|"
    rf"\s+have\s+got)|my)\s+(?:{_CONDITIONS})\b"
    r"|\bi(?:'m|\s+am)\s+(?:an?\s+)?(?:addicted|dependent|an\s+addict|alcoholic|depressed)\b"
    r"|\bmy\s+diagnosis\s+is\b",
    re.IGNORECASE,
)
VERDICT = re.compile(
    r"\b(?:is|are|it's|that's|this\s+is|they're|would\s+be|will\s+be)\s+(?:not\s+)?"
    r"(?:perfectly\s+|completely\s+|totally\s+|probably\s+|very\s+)?"
    r"(?:safe|unsafe|dangerous|harmless|fine|ok|okay|risky|right|wrong|better|worse|best|"
    r"safer|the\s+best|a\s+good\s+idea|a\s+bad\s+idea)\s+(?:for\s+you|to\s+(?:take|use|stop|"
    r"combine|mix|drive|drink|continue)|together|with|than|choice|option|now)\b"
    r"|\b(?:nothing|no\s+need)\s+to\s+worry\b|\bsafe\s+for\s+you\b|\bnot\s+safe\b"
    # a safety or quality verdict after any form of "be": "Stopping it abruptly is fine."
    r"|\b(?:is|are|was|were|be|been|being|it's|that's|they're|seems?|looks?|remains?)\s+"
    r"(?:(?:not|very|quite|perfectly|completely|totally|probably|generally|usually|always|"
    r"often|also|still|the|a|an|more|most)\s+){0,3}"
    r"(?:safe|unsafe|fine|harmless|okay|ok|alright|all\s+right|good|better|best|safer|safest|"
    r"ideal|effective|helpful|useful|the\s+right\s+(?:choice|one|medicine|treatment))\b",
    re.IGNORECASE,
)
#: A claim that something works, which only a source may make.
BENEFIT = re.compile(
    r"\b(?:helps?|helped|helpful|works\s+(?:well|better)|worked|effective|improves?|improved|"
    r"relieves?|relieved|cures?|cured|eases?|eased|good\s+for|better\s+for)\b",
    re.IGNORECASE,
)



def second_line(sentence: str, form: str | None, kind: str, clause: str) -> list[str]:
    """The rules ``sentence`` breaks, whatever its ``form`` (None: it took none) and ``kind``.

    ``clause`` is where an order would open: the sentence in lower case after any lead-in
    ("Ask your doctor:", "If you feel groggy,").
    """
    asking = form == "question" or (form is None and sentence.rstrip("\"')").endswith("?"))
    clause = "" if form == "crisis" else clause
    checks: dict[str, object] = {"dose": DOSE.search(sentence)}
    if not asking:
        checks["instruction"] = IMPERATIVE.search(clause) or NEGATIVE_COMMAND.search(clause)
        checks["verdict"] = VERDICT.search(sentence)
    checks["obligation"] = OBLIGATION.search(sentence)
    checks["diagnosis"] = DIAGNOSIS.search(sentence) or (
        not asking and FIRST_PERSON_DIAGNOSIS.search(sentence))
    if not asking and FIRST_PERSON_ORDER.search(sentence):
        checks["instruction"] = True
    if (form in ("general", "first person") or (form == "fragment" and kind == "hint")) \
            and not asking:
        checks["unsourced"] = BENEFIT.search(sentence)
    return [rule for rule, hit in checks.items() if hit]
