"""The guardrail: every text the app writes raises and asks; it never recommends or diagnoses.

The rule holds by construction. Each sentence of each text must take one of a closed set
of forms, the ones the product writes, and anything that takes none is refused with the
form that was expected. A form is told by how the sentence opens (its subject or its verb),
from closed word lists, so an order ("Cut the pill in half.") or a bare claim
("Melatonin works well for sleep.") matches no form without anyone listing it.

The forms (:data:`FORMS`):

question
    Ends with "?" and opens like a question (what, how, is, could, should I...) or after a
    lead-in ("If I want to stop, how would we...?"). Questions to the doctor may name
    safety, since they ask rather than tell.
sharing
    An order only of the verbs that ask the patient to share: tell, ask, mention, bring,
    write, show, say, describe, list. Never take, stop, start, try, avoid, use, have...
form filling
    How to fill in the form: choose, pick, tick, select, enter, type, count, include, and
    leave ... blank. Only in labels, hints and intros, where the object is an answer.
sourced
    A fact said by a source the app cites: its subject names an authority, a guideline, a
    label, a study or the scale's authors, and a reporting verb follows ("The FDA warns
    that ...", "A sleep guideline found ...", "According to the FDA, ...").
patient report
    What the patient said: "You said / listed / ticked / wrote / take ...".
about the app
    The questionnaire, its questions and answers, and what doctors ask: "This question
    ...", "These seven questions are ...", "Your answers match ...", "We ask because ...",
    "There are no right or wrong answers", "Doctors ask about ...", "Your doctor can ...".
general
    A hedged general statement, whose subject opens with some, many, most, several or
    certain ("Some medicines for sleep can affect a baby."). It may not claim a benefit.
continuation
    A statement in a text that names its source elsewhere ("Alcohol can make some
    medicines more sleepy. The FDA warns that ..."), or a sentence that opens with
    it/they/this after a sentence of another statement form ("We ask everyone about
    alcohol. It changes sleep."). It may not open with a verb.
fragment
    A title, label or option: no order can be made without opening with a verb, so a
    fragment is text whose first word cannot be a verb in its base form (nouns that are
    also verbs, like "sleep" and "worry", are allowed as topics). In hints, where a
    fragment can state something, it may not claim a benefit either.
first person
    The patient speaking to the doctor, on the printed sheet (``say``): a statement whose
    subject is I or my ("I take ...", "I have had ...", "I am thinking about ...", "I said
    ...", "My answers to ..."). The second line refuses a first-person order ("I will stop
    taking ...", "I need to take ...") and a first-person diagnosis ("I have insomnia").
crisis
    The crisis line's own orders ("call or text 988", "get help now"), and only there.

Each kind of text (the YAML key it sits under) allows some forms (:data:`KIND_FORMS`):
``ask`` must be questions; ``say`` first-person statements; ``raise`` sharing orders,
patient reports or statements about
the answers; ``why`` sourced facts, patient reports, statements about the app and general
statements; titles, labels and options fragments. A text of no known kind (``"text"``)
may take any sentence form but not a fragment or a crisis order.

Inside every form a second line still refuses (:mod:`webapp.engine.forbidden`): a dose; an order
to take, stop, start or change a medicine or habit; "you should / must"; a diagnosis; a
verdict that something is safe, fine or best; an unsourced claim that something helps.

A placeholder such as ``{medicines}`` stands for a noun phrase; the words the app puts
there at run time are the patient's and are not checked. Text the rule cannot read as
English is refused before any form is looked for (:mod:`webapp.engine.english`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .english import TOPIC_WORDS, can_be_verb, unknown_words
from .forbidden import second_line

# --- the forms ------------------------------------------------------------------------------

FORMS = {
    "question": "a question for the doctor",
    "sharing": "a request to share that starts with Tell, Ask, Mention, Bring, Write, Show, "
               "Say, Describe or List",
    "form filling": "a note on filling in the form (Choose, Tick, Enter, Count, Include...)",
    "sourced": "a fact that names its source (\u201cThe FDA warns that ...\u201d)",
    "patient report": "what the patient said (\u201cYou said ...\u201d)",
    "about the app": "a sentence about the questions or answers (\u201cWe ask because "
                     "...\u201d, \u201cYour answers match ...\u201d)",
    "general": "a general statement that starts with Some, Many or Most",
    "continuation": "a statement in a text that names its source",
    "fragment": "a short phrase that does not start with a verb",
    "first person": "the patient speaking, with I or my (\u201cI take ...\u201d, \u201cI "
                    "said ...\u201d)",
    "crisis": "the crisis line's own words (call or text, get help)",
}
#: What each kind of text is called in messages.
KIND_NAMES = {
    "text": "a text", "raise": "a point to raise", "ask": "a suggested question",
    "why": "a why", "intro": "a page introduction", "hint": "a hint", "note": "a note",
    "disclaimer": "the disclaimer", "crisis_line": "the crisis line", "label": "a label",
    "title": "a title", "option": "an option", "say": "what the patient says (a 'say')",
    "score": "a score", "summary_label":
    "a summary label", "section": "a section name", "field_label": "a medicine field label",
    "class_label": "a medicine class label", "band": "a score band", "unit": "a unit",
    "name": "a name",
}
#: How to reword a sentence of each kind that takes no allowed form.
ADVICE = {
    "ask": "Make it a question for the doctor, like \u201cWhat could help me sleep?\u201d",
    "say": "Say it as the patient, starting with I or My (\u201cI take {medicines}.\u201d, "
           "\u201cI said that ...\u201d).",
    "raise": "Start it with Tell, Ask or Mention, or say what the patient said "
             "(\u201cYou said ...\u201d).",
    "why": "Name its source (\u201cThe FDA warns that ...\u201d), or say why the app asks "
           "(\u201cWe ask because ...\u201d).",
    "hint": "Make it a note on filling in the form (\u201cChoose all that apply.\u201d) or a "
            "short phrase that does not start with a verb.",
    "fragment": "Make it a short phrase that starts with a noun (\u201cSleep problems\u201d), "
                "not with a verb.",
    "text": "Rewrite it as a question for the doctor, a sentence that starts with "
            "Tell/Ask/Mention..., or a fact that names its source, like \u201cThe FDA warns "
            "that ...\u201d.",
}
_SENTENCE_FORMS = frozenset({"question", "sharing", "sourced", "patient report", "about the app",
                             "general", "continuation"})
#: Which forms each kind of text may take. The kind is the YAML key (or the place).
KIND_FORMS: dict[str, frozenset[str]] = {
    "text": _SENTENCE_FORMS,
    "raise": frozenset({"sharing", "patient report", "about the app"}),
    "ask": frozenset({"question"}),
    "say": frozenset({"first person"}),
    "why": frozenset({"sourced", "patient report", "about the app", "general", "continuation"}),
    "intro": frozenset({"question", "sharing", "form filling", "sourced", "about the app",
                        "general", "continuation"}),
    "hint": frozenset({"question", "sharing", "form filling", "about the app", "general",
                       "fragment"}),
    "note": frozenset({"sourced", "about the app", "general", "continuation"}),
    "disclaimer": frozenset({"about the app", "sharing", "continuation"}),
    "crisis_line": frozenset({"crisis", "about the app", "sharing", "continuation"}),
    "label": frozenset({"question", "sharing", "form filling", "fragment"}),
    "title": frozenset({"fragment", "sharing", "question"}),
    "option": frozenset({"fragment", "question"}),
    "field_label": frozenset({"fragment", "question"}),
    "score": frozenset({"fragment", "sourced"}),
    **{kind: frozenset({"fragment"}) for kind in (
        "summary_label", "section", "class_label", "band", "unit", "name")},
}



_LEAD = re.compile(r"^(?:please|also|then|and|so|now|first|finally),?\s+")
_SHARING = re.compile(r"^(?:tell|ask|mention|bring(?!\s+down)|write|show|say|describe|list)\b")
_FILLING = re.compile(r"^(?:choose|pick|tick|select|enter|type|count|include)\b"
                      r"|^leave\b.*\b(?:blank|empty|out)\b")
_QUESTION_OPENER = re.compile(
    r"^(?:(?:on|in|at|for|with|from|about|over|during|since|by|to)\s+)?(?:what|how|why|when|where|which|who|whom|whose|whether|is|are|am|was|were|do|does|did|"
    r"can|could|would|will|should|shall|may|might|must|have|has|had|isn't|aren't|don't|"
    r"doesn't|didn't|can't|couldn't|wouldn't|won't|shouldn't|anything|any)\b")
_REPORTING = (r"warns?|warned|says?|said|advises?|advised|lists?|listed|finds|found|reports?|"
              r"reported|recommends?|recommended|names?|named|notes?|noted|states?|stated|"
              r"calls?|called|counts?|counted|describes?|described|suggests?|suggested|shows?|"
              r"showed|gives?|gave|explains?|explained|defines?|defined|includes?|included|"
              r"adds?|added|tells?|told|asks?|asked|urges?|urged")
_SOURCED = re.compile(
    rf"^(?:according\s+to\s+(?P<according>[^,]+),"
    rf"|(?P<subject>(?:[\w'-]+,?\s+){{1,12}}?)(?:also\s+|now\s+|still\s+|only\s+|even\s+|"
    rf"has\s+|have\s+)?(?:{_REPORTING})\b)")
_SUBJECT_OPENER = re.compile(
    r"^(?:the|a|an|its|their|this|that|these|those|both|many|some|most|several|one|two|three|"
    r"other|each|all|fda|cdc|nih|researchers|studies|research|guidelines|labels)\b")
SOURCE_TERMS = re.compile(
    r"\b(?:fda|food\s+and\s+drug\s+administration|geriatrics\s+society|academy\s+of\s+sleep|"
    r"college\s+of\s+physicians|beers|cdc|centers\s+for\s+disease|world\s+health\s+organization|"
    r"national\s+institutes|nih|guidelines?|guidance|labels?|labeling|medication\s+guide|"
    r"package\s+insert|warnings?|safety\s+communication|study|studies|research|researchers|"
    r"review|trials?|authors|society|association|agency|criteria|academy|college)\b")
_PATIENT = re.compile(
    r"^you\s+(?:also\s+|once\s+|sometimes\s+|often\s+)?(?:said|told|listed|ticked|wrote|"
    r"answered|chose|picked|marked|mentioned|reported|added|typed|named|checked|take|took|"
    r"are\s+taking|have\s+taken)\b")
_APP = re.compile(
    r"^(?:all|none)\s+of\s+these\b"
    r"|^(?:this|these|the|your|our)\s+(?:(?!this\b|these\b|that\b|the\b)[\w'-]+\s+){0,2}"
    r"(?:questions?|page|pages|app|form|"
    r"summary|printout|list|section|answers?|options?|scale|scales|score|scores|signs|items|"
    r"cut-?offs?)\b"
    r"|^this\s+(?:is|isn't|helps|happens|matters|lets|means|will|can|only|also)\b"
    r"|^it\s+(?:is\s+not|isn't|does\s+not|doesn't|cannot|can't)\b"
    r"|^we\s+(?:only\s+|also\s+|do\s+not\s+|don't\s+|never\s+)?(?:ask|use|keep|show|print|"
    r"store|save|send|share|delete|want\s+to\s+know|need\s+to\s+know)\b"
    r"|^there\s+(?:is|are)\s+no\b"
    r"|^(?:your\s+doctors?|doctors|many\s+doctors|most\s+doctors|a\s+doctor)\s+"
    r"(?:(?:can|may|will|often|also|only|usually|sometimes|want\s+to|like\s+to)\s+){0,3}"
    r"(?:ask|asks|look|looks|check|checks|like|likes|want|wants|take|takes|help|helps|use|uses|"
    r"see|sees|talk|talks|listen|listens|work|works|know|knows|review|reviews|"
    r"need\s+to\s+know|needs\s+to\s+know)\b")
_FIRST_PERSON = re.compile(r"^(?:i|i'm|i've|i'd|my)\b")
_GENERAL = re.compile(r"^(?:some|many|most|several|certain|a\s+few)\b")
_CRISIS = re.compile(r"^(?:call|text|get\s+help|contact|dial|go\s+to)\b")
_PRONOUN = re.compile(r"^(?:it|they|this|these|that|those|such)\b")
#: Fixed option wording that opens with a verb but gives no order.
PHRASES = frozenset({"prefer not to say", "prefer not to answer"})
#: Words that may open a clause before its comma ("If I want to stop, how ...?").
_CLAUSE_LEAD = re.compile(
    r"^(?:if|when|for|in|over|after|before|during|since|because|while|although|as|with|at|on|"
    r"by|from|elsewhere|outside|once|until|without|between|within|whenever|unless)\b[^,]{0,80},"
    r"\s*")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][\w.]*\}")
_SENTENCE = re.compile(r"(?<=[.!?])[\"'\u201d)]*\s+|\n+")


@dataclass(frozen=True)
class GuardrailProblem:
    """One sentence that breaks the rule, and which part of the rule."""

    rule: str
    sentence: str
    expected: str = ""  # for the "form" rule: the forms this kind of text may take

    def __str__(self) -> str:
        return f"{self.rule}: \u201c{self.sentence}\u201d"


RULES = {
    "language": "is not in English, the only language the wording rule covers",
    "no rules": "is in a language the wording rule has no rules for",
    "form": "is not one of the sentence forms the app writes",
    "dose": "states a dose amount; the app never states doses",
    "instruction": "tells the patient what to do with a medicine; say what to raise or ask",
    "obligation": "says 'you should' or 'you must'; say what to raise or ask",
    "diagnosis": "reads as a diagnosis; say the answers match signs doctors ask about",
    "verdict": "gives a verdict on safety; ask the doctor instead",
    "unsourced": "says something helps without naming who says so; name the source",
}


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences (and lines)."""
    return [part.strip() for part in _SENTENCE.split(text) if part and part.strip()]


#: The languages the wording rule has rules for: English here, Spanish in webapp/engine/spanish.py.
LANGUAGES = ("en", "es")


def problems_in(text: str, kind: str = "text", names: frozenset[str] = frozenset(),
                language: str = "en") -> list[GuardrailProblem]:
    """Everything in ``text`` that breaks the rule, for a text of ``kind`` (a YAML key).

    ``names`` are lower-case words the word list lacks that the text may use: the
    questionnaire's medicine names and brands and its sources. ``language`` is the text's
    language ("en", "es"); a text in a language the rule has no rules for is refused whole.
    """
    if language == "en":
        return list(_problems(text, kind, names))
    if language == "es":
        return list(_spanish_problems(text, kind, names))
    return [GuardrailProblem("no rules", text.strip(), language)]


@lru_cache(maxsize=8192)
def _spanish_problems(text: str, kind: str,
                      names: frozenset[str]) -> tuple[GuardrailProblem, ...]:
    from .spanish import problems

    allowed = KIND_FORMS.get(kind, KIND_FORMS["text"])
    found = problems(text, kind, names, allowed, tuple(FORMS))
    if found and found[0][0] == "language":
        return (GuardrailProblem("language", text.strip(), found[0][1]),)
    return tuple(GuardrailProblem(rule, sentence, _expected(allowed) if is_form else "")
                 for rule, sentence, is_form in found)


@lru_cache(maxsize=8192)
def _problems(text: str, kind: str, names: frozenset[str]) -> tuple[GuardrailProblem, ...]:
    """:func:`problems_in`, remembered: a summary repeats the same few hundred texts."""
    allowed = KIND_FORMS.get(kind, KIND_FORMS["text"])
    plain = _PLACEHOLDER.sub("", text)
    unknown = unknown_words(plain, names)
    if unknown:
        return (GuardrailProblem("language", text.strip(), ", ".join(unknown)),)
    shown = _parts(text, kind)
    parts = _parts(_PLACEHOLDER.sub("something", text), kind)  # a placeholder is a noun
    forms = [_form(sentence, allowed, kind) for sentence in parts]
    if "sourced" in forms and "continuation" in allowed:
        forms = [form or _continues_source(sentence)
                 for sentence, form in zip(parts, forms, strict=True)]
    found = []
    for index, (sentence, form) in enumerate(zip(parts, forms, strict=True)):
        if form is None and index and forms[index - 1] not in (None, "question", "sharing",
                                                               "form filling", "fragment",
                                                               "first person"):
            form = forms[index] = _continues(sentence, allowed)
        if form is None:
            found.append(GuardrailProblem("form", shown[index], _expected(allowed)))
        found.extend(GuardrailProblem(rule, shown[index])
                     for rule in second_line(sentence, form, kind, _order_clause(sentence)))
    return tuple(found)


def _parts(text: str, kind: str) -> list[str]:
    """The sentences of ``text``; a score's parts between semicolons count as sentences."""
    parts = sentences(text)
    if kind == "score":
        parts = [part.strip() for sentence in parts for part in sentence.split(";")
                 if part.strip()]
    return parts


def _expected(allowed: frozenset[str]) -> str:
    return "; or ".join(FORMS[form] for form in FORMS if form in allowed)


def _clause(sentence: str) -> str:
    """The sentence in lower case, from its main clause: no quotes, lead word or lead clause."""
    clause = sentence.lower().replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    clause = clause.lstrip("\"'([*-\u2022 ")
    return _LEAD.sub("", clause)


def _order_clause(sentence: str) -> str:
    """Where an order in ``sentence`` would open: after a short lead-in and a lead clause."""
    head, colon, rest = sentence.partition(":")
    part = rest.strip() if colon and len(head.split()) <= 5 else sentence
    return _main_clause(_clause(part))


def _main_clause(clause: str) -> str:
    """``clause`` without a leading "If ...," or "For people with seizures," part."""
    return _CLAUSE_LEAD.sub("", clause, count=1)


def _form(sentence: str, allowed: frozenset[str], kind: str) -> str | None:
    """The first allowed form ``sentence`` takes, or None."""
    clause = _clause(sentence)
    main = _main_clause(clause)
    head, colon, tail = clause.partition(": ")
    lead_in = colon and len(head.split()) <= 5 and _SHARING.match(head)
    checks = {
        "question": lambda: sentence.rstrip("\"')\u201d").endswith("?") and (
            _QUESTION_OPENER.match(main) or (lead_in and _QUESTION_OPENER.match(tail))),
        "sharing": lambda: _SHARING.match(main),
        "form filling": lambda: _FILLING.match(main),
        "sourced": lambda: _sourced(clause) or _sourced(main),
        "patient report": lambda: _PATIENT.match(main),
        "about the app": lambda: _APP.match(main),
        "general": lambda: _GENERAL.match(main),
        "first person": lambda: _FIRST_PERSON.match(main),
        "crisis": lambda: _CRISIS.match(main),
        "fragment": lambda: _fragment(clause, kind),
    }
    return next((form for form in FORMS if form in allowed and form in checks
                 and checks[form]()), None)


def _sourced(clause: str) -> bool:
    match = _SOURCED.match(clause)
    if not match:
        return False
    subject = match.group("according") or match.group("subject")
    return bool(SOURCE_TERMS.search(subject)) and (
        bool(match.group("according")) or bool(_SUBJECT_OPENER.match(subject)))


def _opens_with_verb(clause: str) -> bool:
    first = re.match(r"[\w'-]+", clause)
    if not first:
        return False
    word = first.group().removesuffix("'s")
    return "-" not in word and word not in TOPIC_WORDS and can_be_verb(word)


def _fragment(clause: str, kind: str) -> bool:
    if clause.rstrip("\"')").endswith("?"):
        return False  # a question is a question, where one is allowed
    text = clause.rstrip(".!\"' ")
    return text in PHRASES or not _opens_with_verb(text)


def _continues_source(sentence: str) -> str | None:
    """A statement in a text that names its source: it must not open with a verb."""
    clause = _main_clause(_clause(sentence))
    return None if _opens_with_verb(clause) or sentence.endswith("?") else "continuation"


def _continues(sentence: str, allowed: frozenset[str]) -> str | None:
    """A sentence opening with it/they/this after a statement: it continues that statement."""
    if "continuation" not in allowed:
        return None
    clause = _main_clause(_clause(sentence))
    return "continuation" if _PRONOUN.match(clause) and not sentence.endswith("?") else None


def message(problem: GuardrailProblem, kind: str = "text", language: str = "en") -> str:
    """The plain words for ``problem`` in a text of ``kind``: what is wrong, how to reword."""
    if problem.rule == "no rules":
        return (f"This text {RULES['no rules']} (\u201c{problem.expected}\u201d): "
                f"\u201c{problem.sentence}\u201d. The rule reads {', '.join(LANGUAGES)}.")
    if problem.rule == "language" and language == "es":
        return (f"This text is not in Spanish the wording rule can read: "
                f"\u201c{problem.sentence}\u201d. The Spanish word list does not know: "
                f"{problem.expected}. A medicine or source name must be listed under "
                "'medicines' or 'sources'.")
    if problem.rule == "language":
        return (f"This text {RULES['language']}: \u201c{problem.sentence}\u201d. The US English "
                f"word list does not know: {problem.expected}. Write it in US English; a "
                "medicine or source name must be listed under 'medicines' or 'sources'.")
    if problem.rule == "form":
        forms = KIND_FORMS.get(kind, KIND_FORMS["text"])
        advice = ADVICE.get(kind) or ADVICE["fragment" if forms <= {"fragment", "question",
                                                                     "sharing"} else "text"]
        return (f"This sentence {RULES['form']} in {KIND_NAMES.get(kind, 'this place')}: "
                f"\u201c{problem.sentence}\u201d. It can be {problem.expected}. {advice}")
    return f"This text {RULES[problem.rule]}: \u201c{problem.sentence}\u201d. Reword it."


def kind_of_place(place: str) -> str:
    """The kind of text a summary place names ("opioid-with-sedative why" -> "why")."""
    for suffix, kind in (("raise", "raise"), ("say", "say"), ("ask", "ask"), ("why", "why"),
                         ("title", "title"), ("disclaimer", "disclaimer"),
                         ("crisis line", "crisis_line"), ("key answer label", "summary_label"),
                         ("key answer", "option"), ("medicine class", "class_label"),
                         ("medicine detail", "field_label"), ("picked question", "option")):
        if place == suffix or place.endswith(" " + suffix):
            return kind
    return "score" if place.startswith("score ") else "text"


def check_texts(texts: Iterable[tuple[str, str] | tuple[str, str, str]],
                names: frozenset[str] = frozenset(), language: str = "en") -> list[str]:
    """Check (place, text) or (place, text, kind) triples; one plain message per problem.

    Without a kind, the kind is read from the place (see :func:`kind_of_place`).
    """
    messages: list[str] = []
    for place, text, *rest in texts:
        kind = rest[0] if rest else kind_of_place(place)
        messages.extend(f"[{place}] {message(problem, kind, language)}"
                        for problem in problems_in(text, kind, names, language))
    return messages
