"""What no Spanish text the app writes may hold, whatever its form: the second line, in Spanish.

The same rules as :mod:`webapp.forbidden`: a dose amount; an order to take, stop, start or
change a medicine or a habit; "usted debe / debería / tiene que"; a diagnosis; a verdict that
something is safe, fine or best; and, in statements that name no source, a claim that
something helps. Every pattern reads the text in lower case without accents
(:func:`webapp.engine.spanish_words.plain`), so "dígale" and "digale" are the same; orders are told
by :func:`webapp.engine.spanish_words.is_order_verb`, which keeps the accent of a past tense.
"""

from __future__ import annotations

import re

from .spanish_words import is_order_verb, plain

_UNITS = (r"mg|mcg|µg|ug|microgramos?|miligramos?|gramos?|ml|mililitros?|cc|tabletas?|"
          r"pastillas?|pildoras?|capsulas?|comprimidos?|gotas?|dosis|parches?|unidades?|"
          r"inhalaciones?|sobres?")
_NUMBER_WORDS = (r"un|una|uno|dos|tres|cuatro|cinco|seis|media|medio|la\s+mitad\s+de|"
                 r"doble|otra|otro|mas")
DOSE = re.compile(
    rf"(?<![\w.])\d+(?:[.,]\d+)?(?:\s*(?:-|a)\s*\d+(?:[.,]\d+)?)?\s*(?:{_UNITS})\b"
    rf"|\b(?:{_NUMBER_WORDS})\s+(?:mas\s+)?(?:tabletas?|pastillas?|pildoras?|capsulas?|"
    rf"comprimidos?|dosis|mg)\b"
    r"|\b(?:mg|mcg|ml)\s*(?:por|al|cada|a\s+la)\s+(?:dia|noche|dosis)\b",
)
OBLIGATION = re.compile(
    r"^(?:usted\s+|tu\s+)?(?:deberia|deberias|debe|debes|tiene\s+que|tienes\s+que|"
    r"necesita|necesitas|hay\s+que)\s+\w+(?:r|rse|rlo|rla|rlos|rlas)\b"
    r"|\b(?:usted|tu)\s+(?:no\s+)?(?:deberia|deberias|debe|debes|tiene\s+que|tienes\s+que)\b"
    r"|\basegur(?:ese|ate)\b"
    r"|\b(?:le\s+|te\s+|les\s+)?(?:recomendamos|aconsejamos|sugerimos)\b"
    r"|\b(?:es|seria)\s+(?:mejor|importante|necesario|esencial|vital|preferible)\s+que\s+"
    r"(?:usted|tu)\b"
)
_CONDITIONS = (r"insomnio|apnea(?:\s+del\s+sueño|\s+obstructiva)?|ansiedad|depresion|"
               r"(?:el\s+)?sindrome\s+de\s+(?:las\s+)?piernas\s+inquietas|piernas\s+inquietas|"
               r"narcolepsia|epilepsia|(?:un\s+|el\s+)?trastorno(?:\s+de\s+[\w\s]{0,30})?|"
               r"(?:una\s+)?adiccion|(?:una\s+)?dependencia|alcoholismo|"
               r"un\s+problema\s+(?:con|de)\s+(?:el\s+)?(?:alcohol|drogas|pastillas)|"
               r"tolerancia|(?:una\s+)?enfermedad\s+mental")
DIAGNOSIS = re.compile(
    rf"(?:^|\busted\s+|\btu\s+|\bque\s+)(?:probablemente\s+|quiza\s+|tal\s+vez\s+)?"
    rf"(?:tiene|tienes|padece|padeces|sufre\s+de|sufres\s+de|puede\s+tener|podria\s+tener)\s+"
    rf"(?:{_CONDITIONS})\b"
    r"|\b(?:usted|tu)\s+(?:es|eres)\s+(?:un\s+|una\s+)?(?:adicto|adicta|dependiente|"
    r"alcoholico|alcoholica)\b"
    r"|\b(?:esto|eso|su\s+puntaje|sus\s+respuestas|su\s+resultado)\s+(?:significa|muestra|"
    r"demuestra|prueba|confirma|indica)n?\s+que\s+(?:usted\s+)?(?:tiene|es|padece)\b"
    r"|\bsu\s+diagnostico\s+es\b|\bdiagnosticad[oa]\s+(?:con|de)\b"
)
FIRST_PERSON_DIAGNOSIS = re.compile(
    rf"(?:^|\byo\s+|\bque\s+)(?:tengo|padezco|sufro\s+de)\s+(?:{_CONDITIONS})\b"
    r"|\bsoy\s+(?:un\s+|una\s+)?(?:adicto|adicta|dependiente|alcoholico|alcoholica)\b"
    r"|\bmi\s+diagnostico\s+es\b"
)
FIRST_PERSON_ORDER = re.compile(
    r"\b(?:voy\s+a|pienso|planeo|quiero|tengo\s+que|debo|deberia|necesito|decidi|"
    r"he\s+decidido)\s+(?:no\s+)?(\w+)"
    r"|\b(?:dejare|tomare|cambiare|aumentare|reducire|suspendere|empezare|comenzare|"
    r"pararé|parare|bajare|doblare)\b"
)
VERDICT = re.compile(
    r"\b(?:es|son|esta|estan|seria|sera|parece|parecen)\s+"
    r"(?:(?:muy|totalmente|perfectamente|bastante|probablemente|completamente|no|lo|mas)\s+)"
    r"{0,3}(?:segur[oa]s?|peligros[oa]s?|inofensiv[oa]s?|bien|mejor|peor|lo\s+mejor|"
    r"(?:una\s+)?buena\s+idea|(?:una\s+)?mala\s+idea|arriesgad[oa]s?|correct[oa]s?|"
    r"adecuad[oa]s?|eficaz|eficaces|efectiv[oa]s?|util(?:es)?|ideal)\b"
    r"|\bno\s+(?:hay|tiene)\s+(?:nada\s+)?(?:de\s+)?(?:que|por\s+que)\s+preocupar"
    r"|\bno\s+pasa\s+nada\b"
)
BENEFIT = re.compile(
    r"\b(?:ayuda|ayudan|ayudo|ayudaron|funciona|funcionan|funciono|mejora|mejoran|mejoro|"
    r"alivia|alivian|alivio|cura|curan|curo|sirve|sirven|eficaz|efectiv[oa]|beneficia|"
    r"bueno\s+para|buena\s+para|mejor\s+para)\b"
)
#: "Si no está seguro" (if you are not sure) is no verdict that something is safe.
_NOT_SURE = re.compile(r"\b(?:si|cuando|no)\s+(?:no\s+)?estas?\s+segur[oa]s?\b")
_NEGATION = re.compile(r"(?:^|[,;:]\s*|\b(?:y|pero|entonces|asi\s+que)\s+)(?:no|nunca|jamas)\s+"
                       r"(?:se\s+|lo\s+|la\s+|los\s+|las\s+|le\s+)?([\w\u00e0-\u00ff]+)")
_LEAD_WORDS = re.compile(r"^(?:por\s+favor|ahora|luego|entonces|primero|tambien|y|asi\s+que)"
                         r",?\s+")


def is_order(clause: str) -> bool:
    """True if ``clause`` (lower case, accents as written) opens with an order, or holds a
    negative order ("no tome", "y nunca mezcle")."""
    clause = _LEAD_WORDS.sub("", clause.lstrip("¡¿\"'([*-\u2022 "))
    first = re.match(r"[\w\u00e0-\u00ff]+", clause)
    if first and is_order_verb(first.group()):
        return True
    return any(is_order_verb(match.group(1)) for match in _NEGATION.finditer(clause))


def second_line(sentence: str, form: str | None, kind: str, clause: str) -> list[str]:
    """The rules the Spanish ``sentence`` breaks, whatever its ``form`` and ``kind``.

    ``clause`` is where an order would open, in lower case with accents as written.
    """
    flat = plain(sentence)
    asking = sentence.rstrip("\"')»").endswith("?")  # a question, or a request to ask one
    checks: dict[str, object] = {"dose": DOSE.search(flat)}
    main = plain(clause)
    if asking:
        head = clause.partition("¿")[0]
        checks["instruction"] = bool(head.strip()) and is_order(head)
        checks["obligation"] = re.search(r"\b(?:usted|tu)\s+(?:deberia|debe|debes|tiene\s+que)"
                                         r"\b|\b(?:recomendamos|aconsejamos)\b", flat)
    else:
        # a crisis line's own orders, and "Déjelo en blanco", are no order about a medicine
        checks["instruction"] = form not in ("crisis", "form filling") and is_order(clause)
        checks["verdict"] = VERDICT.search(_NOT_SURE.sub("", flat))
        checks["obligation"] = OBLIGATION.search(main) or OBLIGATION.search(flat)
        checks["diagnosis"] = DIAGNOSIS.search(main) or DIAGNOSIS.search(flat) or (
            FIRST_PERSON_DIAGNOSIS.search(main))
        order = FIRST_PERSON_ORDER.search(flat)
        if order and (order.group(1) is None or is_order_verb(order.group(1))):
            checks["instruction"] = True
    if (form in ("general", "first person") or (form == "fragment" and kind == "hint")) \
            and not asking:
        checks["unsourced"] = BENEFIT.search(flat)
    return [rule for rule, hit in checks.items() if hit]
