"""The English the wording rule can read: its word list, and whether a word can be a verb.

The guardrail's sentence forms are English grammar, so it only passes text it can read as
English. A text is refused as not English when it holds:

- a letter from another script (Cyrillic, Greek, Arabic, Chinese...), or an inverted
  question or exclamation mark;
- a common word of a neighbouring language that an English word list also holds from
  borrowed phrases ("de", "la", "que"): :data:`FOREIGN_WORDS`;
- any word that is neither in the US English word list, nor one of :data:`TERMS` (the
  clinical words and abbreviations the app uses), nor a name the questionnaire gives
  (its medicine names and brands, its sources).

The word list is pyspellchecker's English dictionary: about 160,000 US English words
with their frequencies, shipped inside the package (MIT licence), read from disk with no
network, and maintained (a release in 2026). It has no British spellings ("behaviour",
"counselling"), so the rule also keeps the app to one spelling. It is read once a process,
when first needed (about a second).

:func:`can_be_verb` tells whether a word can be a verb in its base form, which is how an
order opens ("Cut the pill in half", "Avoid screens"): the word list holds its "-ing"
form and its "-ed" or "-s" form (cut, cutting, cuts). Nouns that are also verbs and that
the questionnaire uses as topics (sleep, worry, panic) are :data:`TOPIC_WORDS`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Clinical words and abbreviations the app writes that the general word list lacks.
#: Names of medicines and sources come from questions.yaml, not from here.
TERMS = _word_set("""
    fda fda's cdc ags acp aasm nih otc cbt gad phq thc cbd tv us pm am ok
    adhd app apps vape vaping opioids benzodiazepine benzodiazepines gabapentinoid gabapentinoids
    anticonvulsant anticonvulsants antiepileptic antiepileptics orexin antipsychotics
    antihistamine antihistamines antidepressants deprescribing z
    mg mcg ml cc ug
""")

#: Common words of Spanish, French, Portuguese, Italian, German and Dutch that the English
#: word list holds only from borrowed phrases or names. English words that these languages
#: share ("no", "me", "die", "pour", "non", "per") are left out.
FOREIGN_WORDS = _word_set("""
    de del el la las los le les des du que qué y en es est et un una une uno unos unas
    por para con usted ustedes su sus lo al se si muy pero como cuando porque también más
    não você vous nous pas ne avec dans sur il elle ils je tu und der das ist nicht ein
    eine mit ich sie het een niet zijn di che della sono nel gli
""")

#: Nouns and adjectives that are also verbs, which titles and labels may open with as
#: topics ("Sleep problems", "Worry at night", "Age").
TOPIC_WORDS = _word_set("sleep worry panic help trouble effect drug last leg sex muscle "
                        "score age moderate")

#: Words that are never verbs, though the word list's noise ("noting", "yessed") says so.
FUNCTION_WORDS = _word_set("""
    a an the this that these those my your our their his her its i you we they he she it me
    us them some any all every each no none not never nothing someone something more most
    less least very yes ok okay once twice about above after against along among around at
    before behind below beside between beyond by despite during except for from in inside
    into like near of off on onto out outside over past per since than through to toward
    towards under until upon with within without and or but if when while because although
    though so yet nor whether what which who whom whose where why how already always often
    sometimes rarely usually nearly almost only also still just even again too now then
    here there
""")

#: Common verbs the "-ing"/"-ed" test misses: irregular past forms ("took", "slept"), or
#: forms another word explains ("using" could be "us" + "ing" for all the list knows).
IRREGULAR_VERBS = _word_set("""
    use change sleep tell bring write say choose take have keep cut drink put quit let set
    get give eat run drive buy make feel hold
    leave lose pay read see sell send shut sit spend stand think wear begin break come fall
    find forget grow hide know lead lie ride rise shake sink stick swallow throw wake become
    bite blow burn catch deal draw fight hang hear hit hurt lend light mean seek shoot slide
    split spread sweep bend bet build cost feed forgive freeze lay shed spit swing withdraw
""")

#: Letters of the Latin script: Basic Latin, Latin-1 and Latin Extended-A and -B.
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_FOREIGN_MARKS = re.compile("[\u00bf\u00a1\u00ab\u00bb\u201e]")


@cache
def word_list() -> frozenset[str]:
    """The US English word list, read once (lower case)."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en", distance=1).word_frequency.dictionary)


def words(text: str) -> list[str]:
    """The words of ``text``, each part of a hyphenated word on its own ("habit-forming")."""
    return [part for word in _WORD.findall(text.replace("\u2019", "'"))
            for part in word.split("-") if part]


def is_known(word: str, names: frozenset[str] = frozenset()) -> bool:
    """True if ``word`` is an English word, a term the app uses, or one of ``names``."""
    lower = word.lower()
    if lower in FOREIGN_WORDS:
        return False
    if lower in TERMS or lower in names or lower in word_list():
        return True
    stem = lower.removesuffix("'s")
    return stem != lower and (stem in TERMS or stem in names or stem in word_list())


def foreign_script(word: str) -> bool:
    """True if ``word`` holds a letter of a script other than the Latin one (any language's rule
    refuses it: Greek, Cyrillic, CJK...)."""
    return any(ch.isalpha() and not _LATIN_LETTER.match(ch) for ch in word)


def unknown_words(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``text`` the rule cannot read as English, each once, in order.

    A letter of another script makes its word unknown; an inverted question mark or
    guillemet is reported as itself.
    """
    found = [mark for mark in _FOREIGN_MARKS.findall(text)]
    for word in words(text):
        if (foreign_script(word) or not is_known(word, names)) and word not in found:
            found.append(word)
    return found


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The lower-case words of ``names`` (medicine names, brands, sources)."""
    return frozenset(word.lower() for name in names for word in words(name))


def can_be_verb(word: str) -> bool:
    """True if ``word`` can be an English verb in its base form (cut, sleep, avoid).

    It can when the word list holds both its "-ing" form and its past form, or it is a
    common irregular verb. A form that another word explains is no evidence: "noting" is
    note's, not not's; "severing" is sever's, not severe's.
    """
    lower = word.lower()
    if lower in FUNCTION_WORDS:
        return False
    if lower in IRREGULAR_VERBS or lower in ("be", "do", "go"):
        return True
    if len(lower) <= 2:
        return False
    known = word_list()
    return bool(_ing_forms(lower, known) & known) and bool(_past_forms(lower, known) & known)


def _ing_forms(word: str, known: frozenset[str]) -> set[str]:
    forms = {word + word[-1] + "ing"}
    if word.endswith("ie"):
        forms.add(word[:-2] + "ying")
    elif word.endswith("e") and not word.endswith("ee"):
        if word[:-1] not in known:
            forms.add(word[:-1] + "ing")
        forms.add(word + "ing")
    elif word + "e" not in known:
        forms.add(word + "ing")
    if word.endswith("c"):
        forms.add(word + "king")
    return forms


def _past_forms(word: str, known: frozenset[str]) -> set[str]:
    forms = {word + word[-1] + "ed"}
    if word.endswith("e"):
        if word[:-1] not in known:
            forms.add(word + "d")
    elif word.endswith("y"):
        forms.update((word[:-1] + "ied", word + "ed"))
    elif word + "e" not in known:
        forms.add(word + "ed")
    if word.endswith("c"):
        forms.add(word + "ked")
    return forms
