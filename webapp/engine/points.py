"""One talking point for one patient: the parts that apply, with what they said filled in.

A rule in questions.yaml has texts (``raise``, ``ask``, ``why``) and may have
``triggers`` and ``parts``, each with its own ``when`` and texts. A rule with triggers
applies only when one of them holds, so it never states a trigger this patient did not
give. The point says the rule's texts, then those of each trigger that holds, then those
of each part that holds.

Texts may hold placeholders, filled in from what made the condition true
(:mod:`webapp.engine.witness`):

- ``{medicines}``: the medicines that passed the medicine conditions, each as the
  patient wrote it with its generic name and a plain class ("Percocet (oxycodone, an
  opioid pain or cough medicine)"), joined "A, B and C";
- ``{medicine_names}``: the same medicines by name only, as the patient wrote them (a
  possible misspelling still described in full), for points that list many;
- on the sheet (the ``say`` voice), a list of more than three medicines names the first
  three by name and the rest by their rows in the sheet's medicine table (or the lines under
  "More of my medicines" that continue it), which give every detail: "A, B, C and 7 more of
  my medicines (rows 4–10 in the table)";
- ``{question_id}``: the ``phrase`` of each option of that question the patient ticked
  and the condition named ("memory problems and dizziness").

In a part's text a placeholder is filled from the part's own ``when`` when that names
it, else from the rule's ``when``. The loader proves that each placeholder is always
filled with something (:func:`placeholder_problems`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial

from . import loader_messages as M
from .conditions import Condition, Facts, ListedMedicine
from .language import gettext as _
from .language import ngettext
from .question_types import kind_named
from .questionnaire import PointPart, Questionnaire, Source, TalkingPointRule
from .witness import (
    EMPTY,
    MEDICINE_NAMES,
    MEDICINES,
    Witness,
    always_names,
    mentions,
    named_values,
    witness,
)
from .words import Piece, Words, as_slot, joined, merged, ours, plain, theirs

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
#: On the sheet, ``{medicines}`` names this many medicines in full (with generic and kind);
#: a longer list names this many by name only and the rest by their rows in the medicine
#: table above it, which describes each.
SAY_IN_FULL = 3
#: Rows of the medicine table in the sheet's top block; the rest continue, numbered on, as
#: lines under "More of my medicines" right after it, so the top block stays on page 1
#: however long the list.
TABLE_ROWS = 8
#: A medicine's row number in the sheet's table, by :attr:`ListedMedicine.table_row`.
TableRows = dict[tuple[str, int | None, str], int]


@dataclass(frozen=True)
class Shared:
    """A text of a part marked ``once`` (an ask or a why), with the sources it cites."""

    key: str
    text: str
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class TalkingPoint:
    """One point to raise: what to say, what to ask, why it matters and where that is from.

    ``raise_words`` speak to the patient (the screen); ``say`` is the same in the patient's
    voice, for the doctor's sheet. Both keep the patient's own words apart (:mod:`.words`).
    """

    id: str
    priority: str
    title: str | None
    raise_words: Words
    ask: str
    why: str
    sources: tuple[Source, ...]
    crisis_line: str | None = None  # shown beside the point (the settings' crisis line)
    authored: tuple[tuple[str, str], ...] = ()  # (key, text as written, placeholders kept)
    #: Texts of its parts marked ``once``: the printout says them once, above all points
    shared: tuple[Shared, ...] = ()
    say: Words = ()
    #: What raised it: the medicines and answers its conditions found (for safety flags).
    raised_by: Words = ()
    plain_sources: tuple[Source, ...] = ()  # the sources its texts not marked ``once`` cite

    @property
    def raise_text(self) -> str:
        return plain(self.raise_words)

    @property
    def say_text(self) -> str:
        return plain(self.say)

    def printed(self, lifted: frozenset[tuple[str, str]] | set[tuple[str, str]]) -> TalkingPoint:
        """This point as the printout shows it, without the ``lifted`` (key, text)s (said once
        above). A source cited only for a lifted text moves with it."""
        gone = [item for item in self.shared if (item.key, item.text) in lifted]
        if not gone:
            return self
        texts = {"ask": self.ask, "why": self.why}
        for item in gone:
            texts[item.key] = " ".join(texts[item.key].replace(item.text, " ").split())
        kept = tuple(item for item in self.shared if item not in gone)
        still = {s for item in kept for s in item.sources} | set(self.plain_sources)
        return replace(self, ask=texts["ask"], why=texts["why"],
                       sources=tuple(s for s in self.sources if s in still), shared=kept)

    @property
    def is_safety(self) -> bool:
        return self.priority == "safety"

    @property
    def citation(self) -> str:
        return "; ".join(source.citation for source in self.sources)


def join_words(items: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " " + _("and") + " " + items[-1]


def join_listed(items: Sequence[Words]) -> Words:
    """:func:`join_words` for words: "A", "A and B", "A, B and C"."""
    if len(items) <= 1:
        return joined(items, "")
    return merged([*joined(items[:-1], ", "), Piece(" " + _("and") + " "), *items[-1]])


def describe(questionnaire: Questionnaire, med: ListedMedicine) -> str:
    """How a talking point names one medicine: as typed, with its generic and plain class."""
    return questionnaire.medicine_index.describe(med)


def build_point(questionnaire: Questionnaire, rule: TalkingPointRule, facts: Facts,
                checked: bool = False) -> TalkingPoint | None:
    """The point ``rule`` gives for ``facts``, or None when it does not apply.

    ``checked``: the caller has already found the rule's ``when`` true.
    """
    flagging = rule.priority == "safety"  # a safety point names what raised it
    top = _found(rule.when, facts, rule.fills_in or flagging) \
        if not (checked and not (rule.fills_in or flagging)) else EMPTY
    if top is None:
        return None
    fired = [(part, found) for part in rule.triggers
             if (found := _found(part.when, facts, part.fills_in or flagging)) is not None]
    if rule.triggers and not fired:
        return None
    raised_by = top
    for _part, found in fired:
        raised_by = raised_by.merged(found, facts.medicines)
    fired += [(part, found) for part in rule.parts
              if (found := _found(part.when, facts, part.fills_in)) is not None]
    texts: dict[str, list[Words]] = {"raise": [], "say": [], "ask": [], "why": []}
    authored: list[tuple[str, str]] = []
    shared: list[Shared] = []
    source_ids: list[str] = []
    shared_ids: list[str] = []

    def say(key: str, text: str | None, when: Condition | None, found: Witness,
            once: bool = False, sources: tuple[str, ...] = ()) -> None:
        if not text:
            return
        filled = fill_words(questionnaire, text, when, rule.when, found, top, facts,
                            voice="say" if key == "say" else "raise")
        if filled not in texts[key]:
            texts[key].append(filled)
            authored.append((key, text))
            if once:
                shared.append(Shared(key, plain(filled),
                                     tuple(questionnaire.sources[s] for s in sources)))

    def say_all(item: TalkingPointRule | PointPart, when: Condition | None, found: Witness,
                once: bool = False) -> None:
        for key in ("raise", "say", "ask", "why"):
            say(key, getattr(item, _ATTRS[key]), when, found, once,
                item.sources if key == "why" else ())

    say_all(rule, rule.when, top)
    if rule.why:
        source_ids.extend(rule.sources)
    for part, found in fired:
        say_all(part, part.when, found, part.once)
        (shared_ids if part.once else source_ids).extend(part.sources)
    sources = tuple(questionnaire.sources[sid] for sid in dict.fromkeys(source_ids + shared_ids))
    plain_sources = tuple(questionnaire.sources[sid] for sid in dict.fromkeys(source_ids))
    crisis = questionnaire.settings.crisis_line if rule.crisis_line else None
    return TalkingPoint(rule.id, rule.priority, rule.title, joined(texts["raise"]),
                        plain(joined(texts["ask"])), plain(joined(texts["why"])), sources,
                        crisis, tuple(authored), tuple(shared), joined(texts["say"]),
                        _raised_by(questionnaire, raised_by, facts) if flagging else (),
                        plain_sources)


_ATTRS = {"raise": "raise_text", "say": "say", "ask": "ask", "why": "why"}


def _raised_by(questionnaire: Questionnaire, found: Witness, facts: Facts) -> Words:
    """The medicines (as the patient wrote them) and the answers that raised a point.

    The names are worked out once per list of medicines found (see ``Facts.remember``).
    """
    names = facts.remember(("raised by",), found.medicines, partial(
        medicine_words, questionnaire, found.medicines, False, table_rows(facts)))
    answers = [ours(f"{questionnaire.question(qid).short_label}: {option.label}")
               for qid, chosen in found.options.items()
               for option in questionnaire.question(qid).options if option.value in chosen]
    return joined([names, *answers], "; ")


def _found(condition: Condition | None, facts: Facts, fills_in: bool) -> Witness | None:
    """What made ``condition`` true (None: it is false); just whether, if nothing is filled in."""
    if fills_in:
        return witness(condition, facts)
    return EMPTY if condition is None or facts.holds(condition) else None


def fill(questionnaire: Questionnaire, text: str, own: Condition | None,
         rule_when: Condition | None, found: Witness, top: Witness, facts: Facts) -> str:
    """``text`` with each placeholder replaced by what this patient said."""
    return plain(fill_words(questionnaire, text, own, rule_when, found, top, facts))


def fill_words(questionnaire: Questionnaire, text: str, own: Condition | None,
               rule_when: Condition | None, found: Witness, top: Witness, facts: Facts,
               voice: str = "raise") -> Words:
    """:func:`fill` as words: the medicine names the patient typed stay theirs.

    ``voice`` "say": an option is named by its ``say`` phrase (the patient's voice) if it
    has one, else by its ``phrase``.
    """
    if "{" not in text:
        return ours(text)
    pieces: list[Piece] = []
    at = 0
    for match in PLACEHOLDER.finditer(text):
        pieces.append(Piece(text[at:match.start()]))
        at = match.end()
        name = match.group(1)
        source = found if own is not rule_when and mentions(own, name) else top
        if name in (MEDICINES, MEDICINE_NAMES):
            full = name == MEDICINES and not (
                voice == "say" and len({m.generic for m in source.medicines}) > SAY_IN_FULL)
            meds = source.medicines
            rows = table_rows(facts) if voice == "say" else None
            pieces.extend(facts.remember(
                ("names", name, full, voice == "say"), meds,
                partial(_named_in_slot, questionnaire, meds, full, rows)))
            continue
        question = questionnaire.question(name)
        chosen = source.options.get(name, frozenset())
        pieces.append(Piece(join_words([
            (option.say if voice == "say" and option.say else None) or option.phrase
            or option.label for option in question.options if option.value in chosen]),
            slot=True))
    pieces.append(Piece(text[at:]))
    return merged(pieces)


def medicine_names(questionnaire: Questionnaire, medicines: Iterable[ListedMedicine],
                   full: bool = True) -> str:
    """The medicines named in plain English, each once, in the patient's order.

    A medicine listed twice (two rows of gabapentin) is named once, as first written.
    ``full``: with the generic name and class; else the name as written, unless it was
    recognized only as a likely misspelling.
    """
    return plain(medicine_words(questionnaire, medicines, full))


def _named_in_slot(questionnaire: Questionnaire, medicines: tuple[ListedMedicine, ...],
                   full: bool, rows: TableRows | None) -> Words:
    return as_slot(medicine_words(questionnaire, medicines, full, rows))


def table_rows(facts: Facts) -> TableRows:
    """Each listed medicine's row number in the sheet's medicine table, from 1, worked out
    once for these facts (the table has a row per line typed and per option ticked)."""
    def numbered() -> TableRows:
        rows: TableRows = {}
        for med in facts.medicines:
            rows.setdefault(med.table_row, len(rows) + 1)
        return rows
    return facts.remember(("table rows",), facts.medicines, numbered)


def row_span(numbers: Sequence[int]) -> str:
    """"row 4", "rows 4 and 5", "rows 4–9", "rows 4–6, 8, 9 and 11–13" (numbers sorted)."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [part for run in runs
             for part in ([str(n) for n in run] if len(run) < 3 else [f"{run[0]}–{run[-1]}"])]
    return ngettext("row %(rows)s", "rows %(rows)s", len(numbers), rows=join_words(parts))


def medicine_words(questionnaire: Questionnaire, medicines: Iterable[ListedMedicine],
                   full: bool = True, rows: TableRows | None = None) -> Words:
    """:func:`medicine_names` as words: the names as typed are the patient's.

    ``rows`` (the sheet's table rows): more than :data:`SAY_IN_FULL` medicines are named
    as the first few and "7 more of my medicines (rows 4–10 in the table)", when that is
    shorter than naming them all.
    """
    named: dict[str, Words] = {}
    row_of: dict[str, int] = {}
    for med in medicines:
        typed = " ".join(str(getattr(med, "typed", "")).split())
        key = med.generic or typed.lower()
        if key not in named:
            if rows is not None:
                row_of[key] = rows.get(med.table_row, 0)
            short = not full and typed and not getattr(med, "fuzzy", False)
            if short:
                typed_row = getattr(med, "row", 0) is not None
                named[key] = theirs(typed) if typed_row else ours(typed)
            else:
                named[key] = _described(questionnaire, med)
    everyone = join_listed(list(named.values()))
    if rows is not None and len(named) > SAY_IN_FULL:
        rest = list(named)[SAY_IN_FULL:]
        numbers = sorted({row_of[key] for key in rest} - {0})
        more = ours(rows_said(len(rest), numbers))
        shorter = join_listed([*list(named.values())[:SAY_IN_FULL], more])
        if len(plain(shorter)) < len(plain(everyone)):  # short names: all of them
            return shorter
    return everyone


def rows_said(count: int, numbers: Sequence[int]) -> str:
    """"7 more of my medicines (rows 4–10 in the table)": where the rows ``numbers`` are
    printed, in the top block's table, under "More of my medicines" after it, or both."""
    if not numbers:
        return _("%(count)s more of my medicines", count=count)
    rows = row_span(numbers)
    if numbers[-1] <= TABLE_ROWS:
        return _("%(count)s more of my medicines (%(rows)s in the table)", count=count, rows=rows)
    if numbers[0] > TABLE_ROWS:
        return _("%(count)s more of my medicines (%(rows)s under “More of my medicines”)",
                 count=count, rows=rows)
    return _("%(count)s more of my medicines (%(rows)s in the table and under “More of my "
             "medicines”)", count=count, rows=rows)


_DESCRIBED: dict[tuple[int, object], tuple[Questionnaire, Words]] = {}


def _described(questionnaire: Questionnaire, med: ListedMedicine) -> Words:
    """:func:`describe` as words, worked out once per questionnaire and medicine as listed."""
    key = (id(questionnaire), (getattr(med, "typed", None), getattr(med, "fuzzy", False),
                               med.generic, med.classes, getattr(med, "row", 0) is None))
    known = _DESCRIBED.get(key)
    if known is None or known[0] is not questionnaire:
        if len(_DESCRIBED) > 4096:
            _DESCRIBED.clear()
        known = _DESCRIBED[key] = (questionnaire,
                                   questionnaire.medicine_index.describe_words(med))
    return known[1]


# --- the loader's checks -----------------------------------------------------------------

def placeholder_problems(questionnaire_questions: dict[str, tuple[str, dict[str, str | None]]],
                         text: str, own: Condition | None, rule_when: Condition | None,
                         in_part: bool, voiced: bool = False) -> list[str]:
    """Why a placeholder in ``text`` could be unknown or empty, in plain words (none: fine).

    ``questionnaire_questions`` maps a question id to its type and its options' phrases.
    ``own`` is the condition of the part holding the text (or the rule's, for its own texts).
    ``voiced``: the text is a 'say', whose options speak with their 'say' (or 'phrase').
    """
    problems = []
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1)
        medicines = name in (MEDICINES, MEDICINE_NAMES)
        if not medicines and name not in questionnaire_questions:
            problems.append(M.NOT_A_PLACEHOLDER.format(name=name))
            continue
        feeding = own if in_part and mentions(own, name) else rule_when
        what = "medicine" if medicines else M.PLACEHOLDER_ANSWER.format(name=name)
        if not always_names(feeding, name):
            problems.append(M.PLACEHOLDER_MAY_BE_EMPTY.format(name=name, what=what))
            continue
        if medicines:
            continue
        qtype, phrases = questionnaire_questions[name]
        kind = kind_named(qtype)
        if kind is None or not kind.choice:
            problems.append(M.PLACEHOLDER_NOT_CHOICE.format(name=name, type=qtype))
            continue
        missing = sorted(value for value in named_values(feeding, name) if not phrases.get(value))
        if missing:
            values = ", ".join(missing)
            problems.append(M.PLACEHOLDER_WITHOUT_SAY.format(name=name, values=values) if voiced
                            else M.PLACEHOLDER_WITHOUT_PHRASE.format(name=name, values=values))
    if text.count("{") != len(PLACEHOLDER.findall(text)) or text.count("}") != text.count("{"):
        problems.append(M.UNPAIRED_BRACE.format())
    return problems


def texts_of(rule: TalkingPointRule) -> Iterable[tuple[PointPart | None, str, str]]:
    """Every (trigger or part, or None for the rule itself; key; text) of ``rule``."""
    for key, text in (("raise", rule.raise_text), ("ask", rule.ask), ("why", rule.why)):
        if text:
            yield None, key, text
    for part in (*rule.triggers, *rule.parts):
        for key, text in (("raise", part.raise_text), ("ask", part.ask), ("why", part.why)):
            if text:
                yield part, key, text
