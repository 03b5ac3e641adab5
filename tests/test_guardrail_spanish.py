"""The wording rule in Spanish: the same allow-list of forms, and the same second line.

Spanish dosing, directive and diagnosis sentences are refused with accents and without,
in the usted and the tú forms; the forms the app writes in Spanish pass; a language the
rule has no rules for is refused whole, and English keeps its behaviour.
"""

from __future__ import annotations

import pytest

from webapp.engine.guardrail import check_texts, message, problems_in

NAMES = frozenset({"clonazepam", "trazodona", "zolpidem", "naloxona", "oxicodona"})


def rules_for(text: str, kind: str = "text") -> set[str]:
    return {problem.rule for problem in problems_in(text, kind, NAMES, "es")}


REFUSED = [
    # the three sentences, and the brief's, with and without accents, usted and tú
    ("Deje de tomar clonazepam.", "text", "instruction"),
    ("Deje de tomar clonazepam.", "raise", "form"),
    ("Deja de tomar clonazepam.", "text", "instruction"),
    ("Tome 2 tabletas antes de dormir.", "text", "dose"),
    ("Tome 2 tabletas antes de dormir.", "text", "instruction"),
    ("Toma dos pastillas antes de dormir.", "text", "dose"),
    ("Usted tiene insomnio.", "text", "diagnosis"),
    ("Usted tiene insomnio.", "why", "form"),
    ("Tiene apnea del sueño.", "why", "diagnosis"),
    ("Tú tienes ansiedad.", "text", "diagnosis"),
    ("Tu tienes ansiedad.", "text", "diagnosis"),
    ("Su puntaje significa que usted tiene un trastorno de ansiedad.", "why", "diagnosis"),
    ("Usted es adicto.", "text", "diagnosis"),
    ("No tome alcohol.", "text", "instruction"),
    ("No tomes alcohol.", "text", "instruction"),
    ("Nunca mezcle alcohol y pastillas para dormir.", "why", "instruction"),
    ("Debería reducir la dosis.", "text", "obligation"),
    ("Deberia reducir la dosis.", "text", "obligation"),
    ("Usted debe dejar el alcohol.", "why", "obligation"),
    ("Tienes que dejarlo.", "text", "obligation"),
    ("Le recomendamos la TCC-I.", "intro", "obligation"),
    ("Asegúrese de tomarlo con comida.", "text", "obligation"),
    ("Aumente la dosis.", "text", "instruction"),
    ("Aumenta la dosis.", "text", "instruction"),
    ("Cambie a trazodona.", "raise", "form"),
    ("Cambie a trazodona.", "text", "instruction"),
    ("Reduzca la dosis poco a poco.", "text", "instruction"),
    ("Suspéndalo de golpe.", "text", "instruction"),
    ("Suspendalo de golpe.", "text", "instruction"),
    ("Tómela con comida.", "text", "instruction"),
    ("Tomela con comida.", "text", "instruction"),
    ("Evite las pantallas.", "text", "instruction"),
    ("Evite el alcohol", "title", "form"),
    ("Pruebe la melatonina.", "text", "instruction"),
    ("Siga tomándolo.", "text", "instruction"),
    ("Parta la pastilla por la mitad.", "text", "instruction"),
    ("Tome melatonina. La FDA advierte que puede causar sueño.", "why", "form"),
    ("Deje de tomarlo, ¿de acuerdo?", "ask", "instruction"),
    ("Usted dijo que toma 10 mg.", "raise", "dose"),
    ("¿Debo tomar 2 tabletas?", "ask", "dose"),
    ("Media tableta", "option", "dose"),
    ("La FDA dice que la dosis usual es 1 mg.", "why", "dose"),
    # an infinitive opening a title reads as an order ("Dejar de fumar"): titles use nouns
    ("Dejar o cambiar un medicamento", "summary_label", "form"),
    # verdicts and unsourced claims
    ("Es seguro dejarlo de golpe.", "text", "verdict"),
    ("Dejarlo de golpe está bien.", "why", "form"),
    ("El clonazepam es seguro.", "text", "verdict"),
    ("No hay nada de qué preocuparse.", "why", "verdict"),
    ("Algunas personas encuentran que la melatonina ayuda.", "why", "unsourced"),
    ("La melatonina funciona bien para dormir.", "why", "form"),
    # the patient made to order or diagnose themselves on the sheet
    ("Tengo insomnio.", "say", "diagnosis"),
    # a diagnosis inside a report of what was said, as the English rule refuses "You said
    # you have insomnia." (an option's phrase and say are checked in these sentences)
    ("Usted dijo que tiene insomnio.", "raise", "diagnosis"),
    ("Dije que tengo apnea del sueño.", "say", "diagnosis"),
    ("Soy adicto a las pastillas.", "say", "diagnosis"),
    ("Voy a dejar de tomar clonazepam.", "say", "instruction"),
    ("Dejaré de tomar clonazepam.", "say", "instruction"),
    ("Deje de tomar un medicamento de golpe.", "say", "instruction"),
    # not Spanish
    ("Tell your doctor.", "raise", "language"),
    ("Dígale a your doctor que toma clonazepam.", "raise", "language"),
    ("Сон важен.", "why", "language"),
    # the wrong form for the kind of text
    ("Dígale a su médico.", "ask", "form"),
    ("La FDA advierte que los opioides hacen lenta la respiración.", "raise", "form"),
]


@pytest.mark.parametrize("text, kind, rule", REFUSED)
def test_refused_in_spanish_for_the_right_reason(text, kind, rule):
    found = rules_for(text, kind)
    assert rule in found, f"{text!r} as a {kind} passed the {rule} rule (found {found})"


ALLOWED = [
    ("Dígale a su médico que toma {medicines}.", "raise"),
    ("Digale a su medico que toma {medicines}.", "raise"),
    ("Dile a tu médico que tomas {medicines}.", "raise"),
    ("Pregúntele a su médico: ¿es seguro para mí dejarlo, y cómo lo haríamos?", "raise"),
    ("Pregunte: ¿es seguro dejarlo?", "raise"),
    ("Mencione esto al principio de la consulta.", "raise"),
    ("Usted dijo que maneja casi todas las mañanas. Menciónelo.", "raise"),
    ("Traiga esta hoja a su consulta. Muéstresela a su médico.", "raise"),
    ("Escriba sus preguntas. Describa su sueño con sus propias palabras.", "raise"),
    ("Sus respuestas coinciden con señales que los médicos preguntan sobre la apnea del sueño.",
     "raise"),
    ("¿Es seguro para mí tomar estos medicamentos juntos?", "ask"),
    ("¿Debería tener naloxona en casa?", "ask"),
    ("Si quiero dejarlo, ¿cómo lo haríamos de forma segura?", "ask"),
    ("¿Podría ayudarme una terapia para el sueño, llamada TCC-I?", "ask"),
    ("La FDA advierte que un opioide con otro medicamento que calma el cerebro puede causar "
     "mucho sueño, respiración lenta, coma y muerte.", "why"),
    ("Según la FDA, dejar una benzodiacepina de golpe puede causar abstinencia grave.", "why"),
    ("La FDA advierte que estos medicamentos pueden causar problemas. También advierte que "
     "dejarlos de golpe puede ser peligroso.", "why"),
    ("Una guía de sueño encontró poca prueba de que estos antihistamínicos sirvan.", "why"),
    ("Preguntamos porque algunos medicamentos para dormir pueden afectar a un bebé.", "why"),
    ("Los médicos preguntan por los ronquidos porque pueden ser una señal de apnea.", "why"),
    ("Algunos medicamentos para dormir pueden llegar al bebé.", "why"),
    ("Usted dijo que maneja casi todas las mañanas.", "why"),
    ("Elija todas las que correspondan. Déjelo en blanco si no está seguro.", "hint"),
    ("Cuente las tazas de café o té. Escriba 0 si no toma ninguna.", "hint"),
    ("Estas preguntas son sobre el alcohol. No hay respuestas correctas ni incorrectas.",
     "intro"),
    ("Su sueño", "title"),
    ("Cambio o pausa de un medicamento", "summary_label"),
    ("Me despierto demasiado temprano", "option"),
    ("Prefiero no decirlo", "option"),
    ("Nunca", "option"),
    ("Sí", "option"),
    ("Tomo {medicines}.", "say"),
    ("Dejé de tomar un medicamento de golpe.", "say"),
    ("Estoy pensando en dejar o cambiar un medicamento.", "say"),
    ("Me siento muy cansado de día.", "say"),
    ("Esto no es un consejo médico. No diagnostica ni recomienda tratamientos. Llévelo a su "
     "médico.", "disclaimer"),
    ("Si está en crisis, busque ayuda ahora. En EE. UU., llame o envíe un mensaje de texto "
     "al 988.", "crisis_line"),
]


@pytest.mark.parametrize("text, kind", ALLOWED)
def test_allowed_in_spanish(text, kind):
    assert problems_in(text, kind, NAMES, "es") == []


def test_a_language_without_rules_is_refused_whole_with_a_plain_message():
    [problem] = problems_in("Arrêtez le médicament.", "raise", NAMES, "fr")
    assert problem.rule == "no rules"
    words = message(problem, "raise")
    assert "no rules" in words and "fr" in words and "en, es" in words
    assert check_texts([("somewhere raise", "Parlez à votre médecin.")], language="fr")


def test_english_keeps_its_rules_and_refuses_spanish():
    assert problems_in("Tell your doctor that you take {medicines}.", "raise") == []
    assert {p.rule for p in problems_in("Deje de tomar clonazepam.", "text")} == {"language"}
    assert problems_in("Tell your doctor that you take {medicines}.", "raise", language="en") \
        == []


def test_check_texts_in_spanish_names_the_place_and_the_rule():
    found = check_texts([("opioid raise", "Deje de tomar clonazepam.")], NAMES, "es")
    assert found and all(line.startswith("[opioid raise]") for line in found)
    assert any("Deje de tomar clonazepam." in line and "tells the patient" in line
               for line in found)
