"""Names as typed -> the medicines they name, with their classes.

The vocabulary is data (``medicines`` in questions.yaml). Every name in a row
counts: "Klonopin and oxycodone 5mg" names two medicines, and a combination
product ("Percocet") names each of its ingredients. A name is matched in any
case, with dose text or form around it ("Klonopin 0.5mg", "zolpidem ER"), and
with small misspellings on longer words. A word that is exactly a vocabulary
name is never read as a misspelling of another one. A match by misspelling, or
by a name that may mean another medicine too ("T3"), is marked ``fuzzy`` and
shown as "possibly X, please check". A row with no name recognized is kept
exactly as typed: it is never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .language import gettext as _
from .listed_medicine import ListedMedicine
from .vocabulary import KnownMedicine, MedicineClass
from .words import Piece, Words, merged, ours, plain, theirs


def possibly(generic: str) -> str:
    """How a name recognized only as a likely misspelling is named, everywhere."""
    return _("possibly %(name)s, please check", name=generic)


#: Shortest typed word that may be matched despite a misspelling.
FUZZY_MIN_LENGTH = 5
#: Most letters that may differ in a misspelled name.
FUZZY_MAX_EDITS = 2
#: Shortest typed word that may differ by FUZZY_MAX_EDITS letters; shorter ones by one only.
#: Two edits on a short word reach other medicines: "calcium" -> Valium, "lithium" -> Librium.
FUZZY_TWO_EDITS_LENGTH = 8
#: Words typed in medicine rows that are not in the English word list: never misspellings.
NOT_MISSPELLINGS = frozenset({
    "neuro", "gummies", "softgel", "softgels", "chewable", "chewables", "sublingual",
    "dissolvable", "liquigels", "liquicaps", "ultratabs", "geltabs", "compos",
})
#: Words that, right after a name ending in a number, make the number a count: "Tylenol 3
#: times a day" is plain Tylenol taken three times, not Tylenol #3.
COUNT_WORDS = frozenset({"x", "times", "time", "a", "per", "daily"})

_TOKEN = re.compile(r"[a-z]+|[0-9]+|#")
#: Tokens that are written more than one way: "#3" is "No. 3", "w/" is "with".
_TOKEN_FORMS = {"#": "no", "w": "with"}


@lru_cache(maxsize=1)
def everyday_words() -> frozenset[str]:
    """English words of five letters or more: the word list the wording rule reads
    (:func:`webapp.engine.english.word_list`), plus :data:`NOT_MISSPELLINGS`.

    A typed word that is one of them is never read as a misspelled medicine:
    "prostate" is not Prolate (oxycodone), "hydrogen" is not Hydromet. Exact names
    are matched first, so a medicine whose name is a word (lithium, sonata) is found.
    """
    from .english import word_list

    return frozenset(word for word in word_list()
                     if len(word) >= 5 and word.isascii() and word.isalpha()) | NOT_MISSPELLINGS


def _fold(text: str) -> str:
    """``text`` in lower case without accents, one character for each character of ``text``."""
    if text.isascii():
        return text.lower()
    return "".join((unicodedata.normalize("NFKD", ch)[:1].lower() or ch)[:1] for ch in text)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """The words and numbers of ``text``, each with where it starts and ends in ``text``."""
    return [(_TOKEN_FORMS.get(m.group(), m.group()), m.start(), m.end())
            for m in _TOKEN.finditer(_fold(text))]


def name_key(name: str) -> str:
    """How a name is looked up: its words and numbers in lower case, one space apart.

    "Tylenol #3", "TYLENOL No. 3" and "tylenol no 3" share one key.
    """
    return " ".join(token for token, _, _ in _tokens(name))


@dataclass(frozen=True)
class Recognised:
    """One medicine named in a row: the words that named it, and what they name."""

    words: str  # as typed
    medicine: KnownMedicine  # a single medicine, never a combination product
    product: KnownMedicine | None = None  # the product whose name it came from
    fuzzy: bool = False


@dataclass(frozen=True)
class _Span:
    """A run of words in a row that names one vocabulary entry."""

    start: int  # first token
    end: int  # one past the last token
    entry: KnownMedicine
    unsure: bool  # a likely misspelling, or a name that may mean another medicine


class MedicineIndex:
    """Looks up typed names in the vocabulary; built once per questionnaire."""

    def __init__(self, medicines: tuple[KnownMedicine, ...],
                 classes: Mapping[str, MedicineClass]) -> None:
        self.classes = classes
        self.generics = {med.name.lower(): med for med in medicines if not med.is_product}
        self.by_name: dict[str, tuple[KnownMedicine, bool]] = {}  # key -> (entry, unsure)
        for med in medicines:
            for name in med.names:
                self.by_name[name_key(name)] = (med, False)
            for name in med.ambiguous:
                self.by_name[name_key(name)] = (med, True)
        self._longest = max((key.count(" ") + 1 for key in self.by_name), default=1)
        self._fuzzy_names = [key for key in self.by_name
                             if key.isalpha() and len(key) >= FUZZY_MIN_LENGTH]
        self._everyday = everyday_words()
        self.recognise = lru_cache(maxsize=4096)(self._recognise)

    # --- recognizing ---------------------------------------------------------------
    def _recognise(self, typed: str) -> tuple[Recognised, ...]:
        """Every medicine named in ``typed``, in the order written, each once."""
        tokens = _tokens(typed)
        words = [token for token, _, _ in tokens]
        spans = self._exact_spans(words)
        covered = {i for span in spans for i in range(span.start, span.end)}
        for i, word in enumerate(words):
            if i not in covered and self._may_be_misspelled(word):
                entry = self._nearest(word)
                if entry is not None:
                    spans.append(_Span(i, i + 1, entry, True))
        spans.sort(key=lambda span: span.start)
        certain = {med.name for span in spans if not span.unsure
                   for med in self._medicines_of(span.entry)}
        found: list[Recognised] = []
        seen: set[str] = set()
        for span in spans:
            words_typed = typed[tokens[span.start][1]:tokens[span.end - 1][2]]
            product = span.entry if span.entry.is_product else None
            for med in self._medicines_of(span.entry):
                if med.name in seen or (span.unsure and med.name in certain):
                    continue  # named twice ("Klonopin (clonazepam)"): counted once
                seen.add(med.name)
                found.append(Recognised(words_typed, med, product, span.unsure))
        return tuple(found)

    def _exact_spans(self, words: list[str]) -> list[_Span]:
        """The vocabulary names in ``words``, longest first, left to right, not overlapping."""
        spans, i = [], 0
        while i < len(words):
            for size in range(min(self._longest, len(words) - i), 0, -1):
                found = self.by_name.get(" ".join(words[i:i + size]))
                if size == 1 and not found:
                    found = self._plural(words[i])
                if found and not self._number_is_a_count(words, i, size):
                    spans.append(_Span(i, i + size, *found))
                    i += size
                    break
            else:
                i += 1
        return spans

    def _number_is_a_count(self, words: list[str], start: int, size: int) -> bool:
        """Whether a name ending in a number is really a name and a count ("Tylenol 3 times")."""
        end = start + size
        return (size > 1 and words[end - 1].isdigit() and end < len(words)
                and words[end] in COUNT_WORDS
                and " ".join(words[start:end - 1]) in self.by_name)

    def _plural(self, word: str) -> tuple[KnownMedicine, bool] | None:
        """The entry a plural names ("Valiums", "Percocets"), if any."""
        for ending in ("s", "es"):
            if word.endswith(ending) and word[:-len(ending)] in self.by_name:
                return self.by_name[word[:-len(ending)]]
        return None

    def _may_be_misspelled(self, word: str) -> bool:
        return (word.isalpha() and len(word) >= FUZZY_MIN_LENGTH
                and word not in self._everyday)

    def _nearest(self, word: str) -> KnownMedicine | None:
        """The entry whose one-word name is a small misspelling away from ``word``, if any."""
        edits = FUZZY_MAX_EDITS if len(word) >= FUZZY_TWO_EDITS_LENGTH else 1
        match = process.extractOne(word, self._fuzzy_names, scorer=Levenshtein.distance,
                                   score_cutoff=edits)
        return self.by_name[match[0]][0] if match else None

    def _medicines_of(self, entry: KnownMedicine) -> tuple[KnownMedicine, ...]:
        """The single medicines an entry names: itself, or a product's ingredients."""
        if not entry.is_product:
            return (entry,)
        return tuple(self.generics[name] for name in entry.ingredients)

    # --- listing and describing ----------------------------------------------------
    def listed(self, typed: str, question_id: str, fields: Mapping[str, str] | None = None,
               row: int | None = None) -> tuple[ListedMedicine, ...]:
        """The medicines named in one typed row (or ticked option), one for each medicine.

        A row that names nothing recognized gives one ListedMedicine with no generic.
        """
        details = dict(fields or {})
        found = self.recognise(typed)
        if not found:
            return (ListedMedicine(typed, question_id, fields=details, row=row),)
        return tuple(
            ListedMedicine(
                hit.words, question_id, hit.medicine.name,
                {c: frozenset(self.classes[c].tags) for c in hit.medicine.classes},
                details, row_text=typed, row=row,
                product=hit.product.name if hit.product else None, fuzzy=hit.fuzzy)
            for hit in found)

    def plain_class(self, class_id: str) -> str:
        """How a sentence names a class, with its article: "a benzodiazepine"."""
        return self.classes[class_id].plain

    def plain_kind(self, med: ListedMedicine) -> str:
        """How a sentence names what kind of medicine ``med`` is ("" if not recognized)."""
        known = self.generics.get((med.generic or "").lower())
        if known is not None and known.plain:
            return known.plain
        return (" " + _("and") + " ").join(self.plain_class(c) for c in med.class_tags)

    def describe(self, med: ListedMedicine) -> str:
        """How a text names one medicine: ``Percocet (oxycodone, an opioid pain ...)``.

        A likely misspelling reads ``Klonipin (possibly clonazepam, please check; a
        benzodiazepine)``; a name not recognized is given exactly as typed.
        """
        return plain(self.describe_words(med))

    def describe_words(self, med: ListedMedicine) -> Words:
        """:meth:`describe` as words: the name as typed is the patient's (a ticked option's
        name is the app's), what the app recognized is the app's."""
        name = theirs(med.typed) if med.row is not None else ours(med.typed)
        if med.generic is None:
            return name
        kind = self.plain_kind(med)
        if med.fuzzy:
            return merged((*name, Piece(f" ({possibly(med.generic)}; {kind})")))
        if med.typed.casefold() == med.generic.casefold():
            return merged((*name, Piece(f" ({kind})")))
        return merged((*name, Piece(f" ({med.generic}, {kind})")))

    def class_labels(self, med: ListedMedicine) -> list[str]:
        """Labels of the classes of ``med``, in a stable order."""
        return [self.classes[c].label for c in sorted(med.classes)]
