"""The wording rule in Spanish: the same allow-list of sentence forms as the English rule.

Each sentence of a Spanish text must take one of the forms of :data:`webapp.guardrail.FORMS`,
as the kind of text allows (:data:`webapp.guardrail.KIND_FORMS`), told by how it opens:

question
    Ends with "?" (and usually opens with "¿"): a question for the doctor. A lead-in may
    come first ("Si quiero dejarlo, ¿cómo lo haríamos?", "Pregúntele: ¿es seguro ...?").
sharing
    Only the orders that ask the patient to share: dígale, cuéntele, pregunte, mencione,
    traiga, escriba, muestre, describa, diga, comente, anote (usted), and their tú forms
    (dile, pregunta, menciona, trae, escribe, muestra...).
form filling
    Elija, escoja, marque, seleccione, indique, cuente, incluya; deje ... en blanco.
sourced
    A fact said by a source: "La FDA advierte que ...", "Según la FDA, ...", "Una guía de
    sueño encontró ...": a subject that names an authority, a guide, a label or a study,
    then a reporting verb.
patient report
    "Usted dijo / marcó / escribió / toma ...", or the same without "usted" ("Dijo que ...").
about the app
    "Esta pregunta ...", "Sus respuestas ...", "Preguntamos porque ...", "No hay respuestas
    correctas", "Los médicos preguntan ...", "Su médico puede ...".
general
    Opens with algunos, muchos, la mayoría, varios, ciertos.
continuation
    After a sourced sentence, or opening with esto/estos/ello/también after a statement: a
    statement that does not open with an order.
fragment
    A title, label or option: it does not open with an order (:mod:`webapp.engine.spanish_words`).
first person
    The patient speaking on the sheet: yo/mi/mis, or a first-person verb ("Tomo ...",
    "Tengo ...", "Dije ...", "Estoy pensando en ...", "Me despierto ...").
crisis
    The crisis line's own orders: llame, envíe un mensaje, busque ayuda, marque, vaya.

Inside every form the second line (:mod:`webapp.engine.spanish_forbidden`) still refuses doses,
orders, obligations, diagnoses, verdicts and unsourced claims, with accents or without,
usted and tú. Text the rule cannot read as Spanish is refused first.
"""

from __future__ import annotations

import re

from .spanish_forbidden import is_order, second_line
from .spanish_words import plain, unknown_words

_SHARING = re.compile(
    r"^(?:(?:digale|digales|dile|cuentele|cuentale|pregunte|preguntele|pregunta|preguntale|"
    r"mencione|mencionele|menciona|mencionale|traiga|trae|escriba|escribe|muestre|muestrele|"
    r"muestra|muestrale|describa|describe|diga|di|comente|comentele|comenta|comentale|anote|"
    r"anota|lleve|lleva|enumere|enumera)(?:selo|sela|selos|selas|lo|la|los|las)?"
    r"|hable\s+con|habla\s+con|haga\s+una\s+lista|haz\s+una\s+lista)\b")
_FILLING = re.compile(r"^(?:elija|elige|escoja|escoge|marque|marca|seleccione|selecciona|"
                      r"indique|indica|cuente|cuenta|incluya|incluye|conteste|responda)\b"
                      r"|^(?:deje|deja)(?:lo|la|los|las)?\b.*\ben\s+blanco\b")
_QUESTION = re.compile(r"\?[\"'»)]*$")
_REPORTING = (r"advierte|advierten|advirtio|dice|dicen|dijo|aconseja|aconsejan|recomienda|"
              r"recomiendan|indica|indican|señala|señalan|afirma|afirman|encontro|encontraron|"
              r"encuentra|informa|informan|sugiere|sugieren|explica|explican|describe|"
              r"describen|define|definen|incluye|incluyen|nombra|nombran|pide|piden|menciona|"
              r"enumera|enumeran|cuenta|llama|llaman|considera|consideran|hallo|hallaron|"
              r"muestra|muestran|agrega|añade|pregunta|preguntan")
_SOURCED = re.compile(
    rf"^(?:segun\s+(?P<according>[^,]+),|de\s+acuerdo\s+con\s+(?P<according2>[^,]+),"
    rf"|(?P<subject>(?:[\w'-]+,?\s+){{1,14}}?)(?:tambien\s+|ya\s+|solo\s+|ahora\s+|"
    rf"ha\s+|han\s+)?(?:{_REPORTING})\b)")
_SUBJECT_OPENER = re.compile(r"^(?:el|la|los|las|un|una|su|sus|esta|este|estos|estas|fda|"
                             r"cdc|oms|nih|investigadores|estudios|guias|etiquetas|ambos|"
                             r"ambas|muchos|muchas|algunos|algunas|varios|varias)\b")
SOURCE_TERMS = re.compile(
    r"\b(?:fda|administracion\s+de\s+alimentos\s+y\s+medicamentos|sociedad\s+americana\s+de\s+"
    r"geriatria|academia|colegio|beers|cdc|centros\s+para\s+el\s+control|oms|organizacion\s+"
    r"mundial\s+de\s+la\s+salud|institutos\s+nacionales|nih|guias?|pautas?|etiquetas?|"
    r"prospectos?|advertencias?|comunicacion|estudios?|investigacion(?:es)?|investigadores|"
    r"revision(?:es)?|ensayos?|autores|sociedad|asociacion|agencia|criterios)\b")
_PATIENT = re.compile(
    r"^(?:usted\s+|tu\s+)?(?:tambien\s+|a\s+veces\s+)?(?:dijo|dijiste|conto|contaste|marco|"
    r"marcaste|escribio|escribiste|anoto|anotaste|indico|indicaste|menciono|mencionaste|"
    r"contesto|contestaste|respondio|respondiste|eligio|elegiste|agrego|agregaste)\b"
    r"|^(?:usted|tu)\s+(?:toma|tomas|tomo|tomaste|esta\s+tomando|estas\s+tomando|ha\s+tomado|"
    r"has\s+tomado)\b")
_APP = re.compile(
    r"^(?:todas|todos|ninguna|ninguno)\s+(?:de\s+)?(?:estas|estos|las|los)\b"
    r"|^(?:esta|estas|este|estos|la|las|el|los|sus|tus|su|tu|nuestra|nuestro)\s+(?:[\w-]+\s+)?"
    r"(?:preguntas?|pagina|paginas|app|aplicacion|formulario|resumen|hoja|lista|seccion|"
    r"respuestas?|opciones|escala|escalas|puntaje|puntajes|puntuacion|señales|cuestionario|"
    r"punto\s+de\s+corte|puntos\s+de\s+corte)\b"
    r"|^esto\s+(?:es|no|ayuda\s+a\s+su\s+medico|solo|tambien|significa|puede)\b"
    r"|^(?:no\s+)?(?:le\s+|les\s+)?(?:preguntamos|usamos|guardamos|mostramos|imprimimos|"
    r"enviamos|compartimos|borramos|queremos\s+saber|necesitamos\s+saber)\b"
    r"|^no\s+(?:diagnostica|recomienda|sustituye|reemplaza|guarda|comparte|envia)\b"
    r"|^no\s+hay\s+respuestas\b|^no\s+(?:es|da|hace)\s+(?:un\s+)?(?:consejo|diagnostic)"
    r"|^(?:su\s+medico|sus\s+medicos|los\s+medicos|muchos\s+medicos|la\s+mayoria\s+de\s+los\s+"
    r"medicos|un\s+medico|el\s+medico|tu\s+medico)\s+(?:(?:puede|pueden|suele|suelen|"
    r"tambien|solo|a\s+veces|quiere|quieren)\s+){0,3}(?:pregunta|preguntan|preguntar|revisa|"
    r"revisan|revisar|quiere|quieren|usa|usan|usar|ve|ven|ver|habla|hablan|hablar|escucha|"
    r"escuchar|sabe|saben|saber|ayuda|ayudan|ayudar|mira|miran|mirar|necesita\s+saber|"
    r"necesitan\s+saber|desea\s+saber)\b")
_FIRST_PERSON = re.compile(
    r"^(?:yo|mi|mis|me|he|estoy|tengo|tomo|dije|marque|escribi|quiero|siento|uso|bebo|"
    r"fumo|duermo|suelo|manejo|conduzco|trabajo|pienso|estuve|tome|deje|tuve|ronco|"
    r"no\s+(?:puedo|duermo|tomo|se|he|tengo|estoy|quiero|siento|bebo|fumo)|a\s+veces|"
    r"alguien|nadie|cuando\s+\w+o\b)")
_GENERAL = re.compile(r"^(?:algunos|algunas|muchos|muchas|la\s+mayoria|varios|varias|ciertos|"
                      r"ciertas|unos\s+pocos|unas\s+pocas|pocos|pocas)\b")
_CRISIS = re.compile(r"^(?:llame|llama|envie|envia|mande|manda|busque\s+ayuda|busca\s+ayuda|"
                     r"contacte|contacta|marque|marca|vaya|ve\s+a|acuda|acude)\b")
_PRONOUN = re.compile(r"^(?:esto|estos|estas|eso|esos|esas|ello|ellos|ellas|tambien|"
                      r"ademas|asi)\b")
_CLAUSE_LEAD = re.compile(
    r"^(?:si|cuando|para|en|durante|despues\s+de|antes\s+de|desde|porque|mientras|aunque|"
    r"como|con|sin|por|fuera\s+de|en\s+otros\s+paises|una\s+vez|hasta|entre|a\s+menos)"
    r"\b[^,]{0,80},\s*")
_LEAD = re.compile(r"^(?:por\s+favor|tambien|luego|entonces|y|asi\s+que|ahora|primero),?\s+")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][\w.]*\}")
_SENTENCE = re.compile(r"(?<=[.!?])[\"'\u201d»)]*\s+|\n+")
#: Fixed option wording that opens with an order but gives none.
PHRASES = frozenset({"prefiero no decirlo", "prefiero no contestar", "prefiero no responder"})


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences (and lines)."""
    kept = text.replace("EE. UU.", "EE.\0UU.")  # one abbreviation, not two sentences
    return [part.strip().replace("\0", " ") for part in _SENTENCE.split(kept)
            if part and part.strip()]


def _clause(sentence: str) -> str:
    """The sentence in lower case, accents as written, without quotes or a lead word."""
    clause = sentence.lower().replace("\u2019", "'")
    clause = clause.lstrip("\"'([*-\u2022\u201c«¡ ")
    return _LEAD.sub("", clause)


def _main(clause: str) -> str:
    return _CLAUSE_LEAD.sub("", clause, count=1)


def order_clause(sentence: str) -> str:
    """Where an order in ``sentence`` would open: after a short lead-in and a lead clause."""
    head, colon, rest = sentence.partition(":")
    part = rest.strip() if colon and len(head.split()) <= 5 else sentence
    return _main(_clause(part)).lstrip("¿¡ ")


def _question(sentence: str, clause: str) -> bool:
    """Ends with "?"; any lead before "¿" is a lead clause or a request to ask, and no
    part opens with an order ("Deje de tomarlo, ¿de acuerdo?" is no question)."""
    if not _QUESTION.search(sentence.rstrip()):
        return False
    head, mark, _tail = clause.partition("¿")
    head = head.strip()
    if not mark:
        return not is_order(clause)
    flat = plain(head)
    return not head or ((bool(_SHARING.match(flat)) or bool(_CLAUSE_LEAD.match(flat + " ")))
                        and not is_order(_main(head)))


def _sourced(flat: str) -> bool:
    match = _SOURCED.match(flat)
    if not match:
        return False
    according = match.group("according") or match.group("according2")
    subject = according or match.group("subject")
    return bool(SOURCE_TERMS.search(subject)) and (
        bool(according) or bool(_SUBJECT_OPENER.match(subject)))


def _fragment(clause: str) -> bool:
    if clause.rstrip("\"')»").endswith("?"):
        return False
    text = clause.rstrip(".!\"' »")
    return plain(text) in PHRASES or not is_order(text)


def form_of(sentence: str, allowed: frozenset[str], forms: tuple[str, ...]) -> str | None:
    """The first allowed form the Spanish ``sentence`` takes, or None."""
    clause = _clause(sentence)
    main = _main(clause)
    flat, flat_main = plain(clause), plain(main)
    checks = {
        "question": lambda: _question(sentence, clause),
        "sharing": lambda: _SHARING.match(flat_main),
        "form filling": lambda: _FILLING.match(flat_main),
        "sourced": lambda: _sourced(flat) or _sourced(flat_main),
        "patient report": lambda: _PATIENT.match(flat_main),
        "about the app": lambda: _APP.match(flat_main),
        "general": lambda: _GENERAL.match(flat_main),
        "first person": lambda: _FIRST_PERSON.match(flat_main) and not is_order(main),
        "crisis": lambda: _CRISIS.match(flat_main),
        "fragment": lambda: _fragment(clause),
    }
    return next((form for form in forms if form in allowed and form in checks
                 and checks[form]()), None)


def continues(sentence: str, after_source: bool) -> bool:
    """A statement continuing the one before: no order, not a question; after a sentence
    that is not sourced it must open with esto/estos/también..."""
    if sentence.rstrip().endswith("?"):
        return False
    main = order_clause(sentence)
    if is_order(main):
        return False
    return after_source or bool(_PRONOUN.match(plain(main)))


def problems(text: str, kind: str, names: frozenset[str], allowed: frozenset[str],
             forms: tuple[str, ...]) -> list[tuple[str, str, bool]]:
    """(rule, sentence, is_form_problem) for each problem of the Spanish ``text``.

    The rule "language" comes alone, with the unknown words as its sentence.
    """
    plain_text = _PLACEHOLDER.sub("", text)
    unknown = unknown_words(plain_text, names)
    if unknown:
        return [("language", ", ".join(unknown), False)]
    shown = sentences(text)
    parts = sentences(_PLACEHOLDER.sub("algo", text))
    found_forms = [form_of(sentence, allowed, forms) for sentence in parts]
    sourced = "sourced" in found_forms
    found: list[tuple[str, str, bool]] = []
    for index, sentence in enumerate(parts):
        form = found_forms[index]
        if form is None and "continuation" in allowed and (sourced or (
                index and found_forms[index - 1] not in (None, "question", "sharing",
                                                          "form filling", "fragment",
                                                          "first person"))):
            form = found_forms[index] = "continuation" if continues(sentence, sourced) else None
        if form is None:
            found.append(("form", shown[index], True))
        found.extend((rule, shown[index], False)
                     for rule in second_line(sentence, form, kind, order_clause(sentence)))
    return found
