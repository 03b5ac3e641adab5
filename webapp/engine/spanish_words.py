"""The Spanish the wording rule can read: its word list, accents, and the verbs of an order.

The Spanish rule set (:mod:`webapp.engine.spanish`) passes only text it can read as Spanish. A
text is refused as not Spanish when it holds a letter of another script or a common English
word (:data:`ENGLISH_WORDS`). Patients and translators drop accents, so every pattern reads
a word with or without them ("dígale" and "digale").

An order opens with a verb in the imperative (usted: "Tome", "Deje"; tú: "Toma", "Deja"),
or the infinitive used as an order ("No tomar alcohol"), often with a pronoun joined on
("Tómela", "Suspéndalo"). :func:`is_order_verb` tells these apart for the verbs that tell
someone what to do with a medicine or a habit (:data:`ORDER_VERBS`). An accent is kept
where it changes the tense: "Dejé de tomarlo" (I stopped) is the patient's report, "Deje
de tomarlo" (stop) an order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .english import foreign_script


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Common English words, none of them a Spanish word: a text holding one is not Spanish
#: (an untranslated or half-translated string). pyspellchecker's Spanish list was tried as
#: a word list like the English rule's, and lacks too many verb forms ("deje", "elija",
#: "debería") to tell Spanish from not-Spanish.
ENGLISH_WORDS = _word_set("""
    the and you your of to is are was were be been with for this that these those it they
    we our ask tell mention bring write show say take stop start about what how why when
    which who does did have had should would could will may might must not yes please
    my i'm if or but at by from on in into out up down do don't can't won't there their
    them then than some many most any all each other just only also very sleep night day
    week weeks drink drinks medicine medicines doctor's answers answer question questions
""")

#: Verbs that, opening a clause as an order, tell someone what to do with a medicine or a
#: habit: (infinitive, subjunctive stem for the usted order, tú order if irregular).
_REGULAR_AR = """
    tomar dejar cambiar aumentar parar iniciar bajar doblar cortar saltar evitar usar
    intentar tratar mezclar combinar manejar retomar reanudar ajustar quitar eliminar
    abandonar retirar espaciar fumar limitar recortar terminar acabar alternar
"""
_REGULAR_ER_IR = """
    suspender partir omitir beber consumir añadir interrumpir subir
"""
_IRREGULAR = [
    # infinitive, usted order (singular), tú order
    ("empezar", "empiece", "empieza"), ("comenzar", "comience", "comienza"),
    ("reducir", "reduzca", "reduce"), ("disminuir", "disminuya", "disminuye"),
    ("conducir", "conduzca", "conduce"), ("seguir", "siga", "sigue"),
    ("mantener", "mantenga", "mantén"), ("hacer", "haga", "haz"), ("poner", "ponga", "pon"),
    ("dormir", "duerma", "duerme"), ("volver", "vuelva", "vuelve"),
    ("continuar", "continúe", "continúa"), ("utilizar", "utilice", "utiliza"),
    ("duplicar", "duplique", "duplica"), ("agregar", "agregue", "agrega"),
    ("probar", "pruebe", "prueba"), ("acostar", "acueste", "acuesta"),
    ("sustituir", "sustituya", "sustituye"), ("irse", "vaya", "vete"),
    ("tomar", "tome", "toma"),
]
_CLITICS = ("selos", "selas", "selo", "sela", "los", "las", "les", "lo", "la", "le", "se",
            "me", "te", "nos")


def plain(text: str) -> str:
    """``text`` in lower case without accents (ñ kept), for matching either spelling."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("ñ", "\0"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).replace("\0", "ñ")


def _forms() -> frozenset[str]:
    found: set[str] = set()
    for verb in _REGULAR_AR.split():
        stem = verb[:-2]
        found.update({stem + "e", stem + "en", stem + "a", stem + "es", verb})
    for verb in _REGULAR_ER_IR.split():
        stem = verb[:-2]
        found.update({stem + "a", stem + "an", stem + "e", stem + "as", verb})
    for verb, usted, tu in _IRREGULAR:
        found.update({verb, usted, usted + "n", usted + "s", tu})
    return frozenset(found) - _NOT_ORDERS


#: Forms that are far more often another word: "para" (for), not parar's tú order.
_NOT_ORDERS = frozenset({"para"})
ORDER_VERBS: frozenset[str] = _forms()
_PLAIN_ORDER_VERBS = frozenset(plain(form) for form in ORDER_VERBS)
#: Usted orders whose plain spelling is also a first-person past ("deje"/"dejé"): with the
#: accent the word is the patient's report, not an order.
_PAST_ACCENTED = re.compile(r"[éó]$")


def is_order_verb(word: str) -> bool:
    """True if ``word`` is an order (or infinitive) of one of :data:`ORDER_VERBS`.

    Accents are optional ("tomela", "tómela"), except a final one that makes a past tense
    ("dejé", "tomó"), which is not an order.
    """
    lower = word.lower()
    if lower in ORDER_VERBS or (plain(lower) in _PLAIN_ORDER_VERBS
                                and not _PAST_ACCENTED.search(lower)):
        return True
    flat = plain(lower)
    for clitic in _CLITICS:
        if flat.endswith(clitic) and len(flat) > len(clitic) + 2:
            stem = flat[: -len(clitic)]
            if stem in _PLAIN_ORDER_VERBS or (stem.endswith("r") and stem in _PLAIN_ORDER_VERBS):
                return True
    return False


_WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[str]:
    """The words of ``text``."""
    return _WORD.findall(text)


def is_known(word: str, names: frozenset[str] = frozenset()) -> bool:
    """False for a common English word (not one of ``names``, lower case); else True."""
    lower = word.lower()
    return lower in names or lower not in ENGLISH_WORDS


def unknown_words(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``text`` the Spanish rule cannot read as Spanish, each once, in order."""
    found: list[str] = []
    for word in words(text):
        if (foreign_script(word) or not is_known(word, names)) and word not in found:
            found.append(word)
    return found


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The lower-case words of ``names``, with and without accents."""
    return frozenset(form for name in names for word in words(name)
                     for form in (word.lower(), plain(word)))
