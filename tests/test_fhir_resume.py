"""The FHIR file on the check page, and "Continue from a saved file" reading it back."""

from __future__ import annotations

import io
import json
import re

from conftest import FIXTURES, MINIMAL_ANSWERS, Wizard
from fhir_checks import check_response

from webapp.engine.answer_file import read_answers
from webapp.engine.fhir_questionnaire import questionnaire_resource
from webapp.engine.fhir_response import MAX_ITEMS, response_resource
from webapp.engine.rules import evaluate_answers

URL = "https://before-the-visit.example/fhir/Questionnaire/sleep-visit"
PATIENT = FIXTURES / "patients" / "back_pain_oxycodone_and_lyrica.json"


def text_of(response) -> str:
    return response.get_data(as_text=True)


def upload(wizard: Wizard, content: bytes, name: str = "before-the-visit-fhir.json"):
    return wizard.submit("/resume", {"answers_file": (io.BytesIO(content), name)},
                         content_type="multipart/form-data")


def saved(client) -> dict:
    with client.session_transaction() as session:
        return dict(session.get("answers", {}))


def error_of(response) -> str:
    found = re.search(r'class="error-message"><span class="visually-hidden">Error:</span> '
                      r'([^<]*)</p>', text_of(response))
    assert found, text_of(response)[:2000]
    return found.group(1).replace("&#39;", "'")


def patient_response(questionnaire) -> dict:
    answers = read_answers(PATIENT.read_bytes(), questionnaire).answers
    return response_resource(questionnaire, answers)


def test_the_check_page_links_the_fhir_file_beside_the_answers_file(wizard, client,
                                                                     questionnaire):
    wizard.walk(MINIMAL_ANSWERS)
    page = text_of(client.get("/check"))
    assert re.search(r'<a href="/download">Download my answers</a>[^<]*</p>\s*<p><a '
                     r'href="/download/fhir">Download for my clinic.s record system '
                     r'\(FHIR\)</a>', page)
    response = client.get("/download/fhir")
    assert response.mimetype == "application/fhir+json"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="before-the-visit-fhir-')
    assert response.headers["Cache-Control"] == "no-store"
    resource = json.loads(response.data)
    check_response(resource, questionnaire_resource(questionnaire))
    assert resource["status"] == "completed"
    expected = response_resource(questionnaire, saved(client))
    assert {**resource, "authored": None} == {**expected, "authored": None}


def kept_points(client) -> list[str]:
    resource = json.loads(client.get("/download/fhir").data)
    return [answer["valueString"] for item in resource["item"]
            if item["linkId"] == "summary.talking-points" for answer in item["answer"]]


def test_points_left_out_are_not_in_the_fhir_file(wizard, client, questionnaire):
    wizard.walk(MINIMAL_ANSWERS)
    points = evaluate_answers(questionnaire, saved(client)).talking_points
    assert [text.splitlines()[0] for text in kept_points(client)] == [
        p.title or p.raise_text for p in points]
    wizard.submit("/talking-points", {"include": []})
    assert kept_points(client) == []


def test_an_unfinished_patient_gets_an_in_progress_response(wizard, client):
    wizard.answer("about-you", {"age_band": "under_40"})
    resource = json.loads(client.get("/download/fhir").data)
    assert resource["status"] == "in-progress"
    assert resource["item"][0]["item"][0]["linkId"] == "age_band"


def test_a_fhir_file_brings_the_answers_back_in_a_new_browser(app, questionnaire):
    content = json.dumps(patient_response(questionnaire)).encode()
    client = app.test_client()
    response = upload(Wizard(client), content)
    assert response.location == "/check"
    assert "Your saved answers are back" in text_of(client.get("/check"))
    answers = read_answers(PATIENT.read_bytes(), questionnaire).answers
    assert saved(client) == evaluate_answers(questionnaire, answers).answers


def test_a_response_to_an_older_version_still_brings_the_answers_back(app, questionnaire):
    """The version follows settings.version; a file made under an earlier one (the FHIR
    block's own "1.0.0" before) names the same questionnaire and is read as before."""
    resource = patient_response(questionnaire)
    assert resource["questionnaire"] == f"{URL}|{questionnaire.settings.version}"
    client = app.test_client()
    older = {**resource, "questionnaire": f"{URL}|1.0.0"}
    assert upload(Wizard(client), json.dumps(older).encode()).location == "/check"
    answers = read_answers(PATIENT.read_bytes(), questionnaire).answers
    assert saved(client) == evaluate_answers(questionnaire, answers).answers


def test_answers_it_cannot_use_are_listed_in_plain_words(app, questionnaire):
    resource = patient_response(questionnaire)
    pages = {item["linkId"]: item for item in resource["item"]}
    about = pages["page.about-you"]["item"]
    about[0]["answer"] = [{"valueCoding": {"system": "http://loinc.org", "code": "LA9999-9"}}]
    about[1]["answer"] = "female"
    pages["page.sleep-pattern"]["item"].append(
        {"linkId": "sleep_apnea_test", "answer": [{"valueBoolean": True}]})
    client = app.test_client()
    page = text_of(upload(Wizard(client), json.dumps(resource).encode()))
    assert "Some answers could not be used" in page
    assert "Your answer to \u201cAge\u201d was not used: Choose one of the answers shown." \
        in page
    assert ("Your answer to \u201cSex given at birth\u201d was not used: it is not in a form "
            "this app can read.") in page
    assert ("An answer to a question this questionnaire no longer asks "
            "(&#39;sleep_apnea_test&#39;) was not used.") in page
    kept = saved(client)
    assert "age_band" not in kept and "sex" not in kept
    assert kept["nights_a_week"] == read_answers(PATIENT.read_bytes(),
                                                 questionnaire).answers["nights_a_week"]


def bad_files(questionnaire) -> list[tuple[bytes, str]]:
    other = {**patient_response(questionnaire),
             "questionnaire": "http://loinc.org/q/69737-5|2.76"}
    nameless = {k: v for k, v in patient_response(questionnaire).items() if k != "questionnaire"}
    many = {"resourceType": "QuestionnaireResponse", "questionnaire": f"{URL}|2026-11",
            "status": "completed", "item": [{"linkId": "x"}] * (MAX_ITEMS + 1)}
    huge = json.dumps(patient_response(questionnaire)).encode()
    huge = huge[:-1] + b', "text": {"div": "' + b"x" * 210_000 + b'"}}'
    return [
        (json.dumps(other).encode(), "This FHIR file answers another questionnaire, not this "
                                     "one, so its answers cannot be used here."),
        (json.dumps(nameless).encode(), "This FHIR file does not say which questionnaire it "
                                        "answers, so its answers cannot be used here."),
        (json.dumps(patient_response(questionnaire)).encode()[:-40],
         "This is not an answers file: it could not be read."),
        (json.dumps({"resourceType": "QuestionnaireResponse", "questionnaire": URL,
                     "item": {"linkId": "age_band"}}).encode(),
         "This FHIR file has no answers in it that this app can read."),
        (json.dumps(many).encode(), f"This FHIR file holds more than {MAX_ITEMS:,} answers; no "
                                    "file from this app holds that many, so it cannot be used."),
        (huge, "The file is too large. An answers file is under 200 KB."),
    ]


def test_bad_fhir_files_get_a_plain_message_and_lose_nothing(wizard, client, questionnaire):
    wizard.walk(MINIMAL_ANSWERS)
    before = saved(client)
    assert before
    for content, message in bad_files(questionnaire):
        response = upload(wizard, content)
        assert response.status_code == 200
        assert error_of(response) == message
        assert saved(client) == before
    assert text_of(client.get("/check")).count("Change") >= len(before)
