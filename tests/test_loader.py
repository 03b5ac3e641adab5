"""questions.yaml is checked as a whole: every mistake is reported with its line and YAML path."""

from __future__ import annotations

import re
import time
from textwrap import dedent

import pytest
from conftest import FIXTURES, QUESTIONS, ROOT

from webapp.engine.loader import load_questionnaire, parse_questionnaire
from webapp.engine.problems import QuestionnaireError, format_path

QUESTIONNAIRES = FIXTURES / "questionnaires"
MINIMAL = QUESTIONNAIRES / "minimal.yaml"
ONE_PAGE = dedent("""\
    pages:
      - id: p
        title: P
        questions:
          - {id: q, type: yes_no, label: Q}
    """)  # lines 1 to 5; what a test adds starts on line 6


def one_page(more: str) -> str:
    return ONE_PAGE + dedent(more)


def versioned(text: str) -> str:
    """``text`` with the questionnaire version every file must give, added on its last line
    (so that the lines a test names stay where they are)."""
    if re.search(r"^\s*version:|version: ", text) or not re.search(r"^\w+:", text, re.M):
        return text
    if re.search(r"^settings:", text, re.M):
        return re.sub(r"^settings: \{", 'settings: {version: "1", ', text, flags=re.M) \
            if re.search(r"^settings: \{", text, re.M) else text.replace(
                "\nsettings:\n", '\nsettings:\n  version: "1"\n', 1)
    return text + '\nsettings: {version: "1"}\n'


def problems_in(text: str) -> list[tuple[int | None, str, str]]:
    """(line, YAML path, message) of every problem found in ``text``."""
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(versioned(dedent(text)))
    return [(p.line, format_path(p.path), p.message) for p in caught.value.problems]


def line_of(text: str, fragment: str) -> int:
    return text[:text.index(fragment)].count("\n") + 1


def test_shipped_questionnaire_loads_with_its_instruments_and_fallback(questionnaire):
    assert questionnaire.pages[0].id == "about-you"
    assert questionnaire.pages[-1].id == "your-questions"
    assert {iid: i.maximum for iid, i in questionnaire.instruments.items()} == {
        "gad7": 21, "phq2": 6, "auditc": 12}
    assert [r.id for r in questionnaire.talking_points if r.fallback] == ["nothing-flagged"]
    assert questionnaire.question("gad7_7").option("nearly_every_day").score == 3
    assert questionnaire.question("nicotine").option("no").label == "No"
    assert questionnaire.settings.main_concern == "visit_goal"
    assert load_questionnaire(QUESTIONS).origin == str(QUESTIONS)


def test_minimal_fixture_loads_with_defaults_filled_in():
    q = load_questionnaire(MINIMAL)
    assert [p.id for p in q.pages] == ["sleep", "worry", "medicines", "goal-page"]
    nights = q.question("nights")
    limits = nights.settings
    assert (limits.minimum, limits.maximum, limits.whole_number, nights.required) == (
        0, 7, True, True)
    assert q.question("goal").settings.max_length == 2000
    assert [o.value for o in q.question("drives").options] == ["yes", "no", "not_sure"]
    assert q.question("shop_aids").option("melatonin").medicine == "melatonin"
    assert q.question("habits").option("none").exclusive
    assert [(b.minimum, b.maximum, b.label) for b in q.instruments["worry"].bands] == [
        (0, 1, "low"), (2, 4, "high")]
    assert q.page("goal-page").when is not None
    assert q.settings.title == "Sleep check" and q.settings.session_hours == 12
    assert q.talking_points[1].sources == ("scale-2006", "guide-2020")


MISTAKES = [
    pytest.param(ONE_PAGE + "talking_points: []\ntalkingpoints: []\n", 7, "talkingpoints",
                 "Unknown key 'talkingpoints' in the file. Allowed: fhir, instruments,",
                 id="unknown-top-level-key"),
    pytest.param(one_page("""\
              - id: r
                type: checkbox
                label: R
        talking_points: []
        """), 7, "pages[0].questions[1].type",
                 "Unknown question type 'checkbox'. Use one of: single_choice, multiple_choice,",
                 id="unknown-question-type"),
    pytest.param(one_page("""\
          - id: p2
            title: P2
            questions:
              - {id: q, type: yes_no, label: Q again}
        talking_points: []
        """), 9, "pages[1].questions[0].id", "Duplicate question id 'q'. Each id must be used once",
                 id="duplicate-question-id"),
    pytest.param(one_page("""\
          - id: p
            title: P again
            questions:
              - {id: r, type: yes_no, label: R}
        talking_points: []
        """), 6, "pages[1].id", "Duplicate page id 'p'.", id="duplicate-page-id"),
    pytest.param(one_page("""\
              - id: r
                type: single_choice
                label: R
                options:
                  - {value: often, label: Often}
                  - {value: often, label: Very often}
        talking_points: []
        """), 11, "pages[0].questions[1].options[1].value", "Duplicate option value 'often'.",
                 id="duplicate-option-value"),
    pytest.param(one_page("""\
              - {id: r, type: yes_no, label: R, when: {question: qq, equals: "yes"}}
        talking_points: []
        """), 6, "pages[0].questions[1].when.question",
                 "The condition names question 'qq', which does not exist.",
                 id="condition-names-missing-question"),
    pytest.param(one_page("""\
              - {id: r, type: yes_no, label: R, when: {question: q, equals: maybe}}
        talking_points: []
        """), 6, "pages[0].questions[1].when.equals",
                 "Question 'q' has no option 'maybe'. Use one of: no, yes.",
                 id="condition-names-missing-option"),
    pytest.param(one_page("""\
              - {id: r, type: yes_no, label: R, when: {question: q, one_of: ["yes", maybe]}}
        talking_points: []
        """), 6, "pages[0].questions[1].when.one_of[1]", "Question 'q' has no option 'maybe'.",
                 id="condition-names-missing-option-in-list"),
    pytest.param("""\
        pages:
          - id: p
            title: P
            when: {question: later, equals: "yes"}
            questions:
              - {id: q, type: yes_no, label: Q}
          - id: p2
            title: P2
            questions:
              - {id: later, type: yes_no, label: Later}
        talking_points: []
        """, 4, "pages[0].when.question", "Page 'p' depends on question 'later', which comes "
                 "at the same place or later.", id="condition-names-later-page"),
    pytest.param("""\
        pages:
          - id: p
            title: P
            questions:
              - {id: q, type: yes_no, label: Q, when: {question: r, answered: true}}
              - {id: r, type: yes_no, label: R}
        talking_points: []
        """, 5, "pages[0].questions[0].when.question", "Question 'q' depends on question 'r', "
                 "which comes at the same place or later.", id="condition-names-later-question"),
    pytest.param(one_page("""\
              - id: n
                type: number
                label: Nights
                min: 0
        talking_points: []
        """), 6, "pages[0].questions[1]", "A number question needs 'max' as a number.",
                 id="number-without-max"),
    pytest.param(one_page("""\
              - {id: n, type: number, label: Nights, min: none, max: 7}
        talking_points: []
        """), 6, "pages[0].questions[1].min", "A number question needs 'min' as a number.",
                 id="number-with-text-min"),
    pytest.param(one_page("""\
              - id: smoke
                type: single_choice
                label: Do you smoke?
                options:
                  - {value: daily, label: Daily}
                  - {value: no, label: "No"}
        talking_points: []
        """), 11, "pages[0].questions[1].options[1].value",
                 "(found False). Put quotes around values such as \"no\"",
                 id="unquoted-no-option-value"),
    pytest.param(one_page("""\
              - id: r
                type: yes_no
                label: R
                requried: true
        talking_points: []
        """), 9, "pages[0].questions[1].requried",
                 "Unknown key 'requried' in a question. Allowed: at_a_glance,",
                 id="typo-key-requried"),
    pytest.param(one_page("""\
              - id: r
                type: multiple_choice
                label: R
                options: [{value: a, label: A}, {value: b, label: B}]
              - {id: s, type: yes_no, label: S, when: {question: r, equals: a}}
        talking_points: []
        """), 10, "pages[0].questions[2].when.equals", "'r' is a multiple_choice question, so its "
                 "answer is a list and 'equals' never matches. Use any_of", id="equals-on-multi"),
    pytest.param(ONE_PAGE + "talking_points: []\nsettings: {main_concern: goal}\n", 7,
                 "settings.main_concern", "No question has the id 'goal'.",
                 id="settings-name-missing-question"),
    pytest.param("""\
        pages:
          - {id: a, title: A, section: Sleep, questions: [{id: qa, type: yes_no, label: A}]}
          - {id: b, title: B, section: Worry, questions: [{id: qb, type: yes_no, label: B}]}
          - {id: c, title: C, section: Sleep, questions: [{id: qc, type: yes_no, label: C}]}
        talking_points: []
        """, 4, "pages[2].section", "Section 'Sleep' started at page 'a', and other sections "
                 "came between. Keep a section's pages together", id="section-comes-back"),
]


@pytest.mark.parametrize(("text", "line", "path", "message"), MISTAKES)
def test_each_mistake_is_reported_once_with_line_and_path(text, line, path, message):
    found = problems_in(text)
    assert [(found_line, found_path) for found_line, found_path, _ in found] == [(line, path)]
    assert message in found[0][2]


@pytest.mark.parametrize(("text", "line", "fragment"), [
    (ONE_PAGE + "talking_points: []\n  - id: x\n", 7, "expected <block end>"),
    ("pages:\n  - id: p\n    title: Sleep: how it goes\n", 3, "mapping values are not allowed"),
    ("pages:\n  - id: p\n\ttitle: P\n", 3, "found character '\\t'"),
], ids=["bad-indentation", "unquoted-colon", "tab"])
def test_invalid_yaml_names_its_line(text, line, fragment):
    [(found_line, path, message)] = problems_in(text)
    assert (found_line, path) == (line, "(top level)")
    assert message.startswith("This is not valid YAML: ") and fragment in message
    assert message.endswith("Check indentation and quotes near this line.")


@pytest.mark.parametrize("text", ["", "# only a comment\n", "- a list\n- of pages\n"])
def test_a_file_that_is_not_a_mapping_is_refused(text):
    [(_, path, message)] = problems_in(text)
    assert path == "(top level)"
    assert message == "The file must be a mapping with 'pages', 'talking_points' and the rest."


@pytest.mark.parametrize(("fixture", "expected"), [
    ("bad_instruments.yaml", [
        (8, "pages[0].when.score", "Page 'intro' depends on question 'worry_1', which comes at "
         "the same place or later."),
        (39, "instruments[0].bands", "The bands leave a gap: no band holds 2 to 3."),
        (47, "instruments[1].bands", "The bands overlap at 3."),
        (55, "instruments[2].bands", "The bands end at 4 but the instrument's max is 6"),
        (61, "instruments[3].max", "'max' is 7 but the items' highest scores add up to 6."),
        (67, "instruments[4].items[1]", "Every option of 'worry_3' needs a 'score'."),
    ]),
    ("bad_talking_points.yaml", [
        (11, "medicines[1].class", "Unknown medicine class 'z_drug'. Add it under "
         "medicine_classes or use one of: benzodiazepine, opioid."),
        (28, "talking_points[0]", "Missing 'source'."),
        (40, "talking_points[1].source", "Unknown source 'fda-2016'. Add it under 'sources' or "
         "use one of: guide-2020."),
        (41, "talking_points[2]", "Give 'when' (which answers make this point apply), "
         "'triggers'"),
        (48, "talking_points[3].when.medicine.class", "Unknown medicine class 'opiod'."),
        (55, "talking_points[4].when.count_classes.tag", "Unknown medicine tag 'sleepy'. Use "
         "one of: sedating."),
        (62, "talking_points[5].when.medicine.prescribed", "The medicine list has no "
         "'prescribed' option not_mine. Use one of: no, yes."),
    ]),
    ("three_mistakes.yaml", [
        (12, "pages[0].questions[0].requried", "Unknown key 'requried' in a question."),
        (19, "pages[0].questions[1].options[0].value", "(found False)"),
        (29, "talking_points[0].source", "Unknown source 'guide-2021'."),
    ]),
])
def test_every_problem_in_a_file_is_reported_together(fixture, expected):
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(QUESTIONNAIRES / fixture)
    found = [(p.line, format_path(p.path), p.message) for p in caught.value.problems]
    assert [(line, path) for line, path, _ in found] == [(line, path) for line, path, _ in expected]
    for (_, _, message), (_, _, wanted) in zip(found, expected, strict=True):
        assert wanted in message


def test_report_heads_the_list_with_the_file_and_count():
    path = QUESTIONNAIRES / "three_mistakes.yaml"
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    lines = caught.value.report().splitlines()
    assert lines[0] == f"{path}: 3 problems to fix before the app can use this file:"
    assert lines[1].startswith("  [line 12, pages[0].questions[0].requried] Unknown key")
    assert lines[3].startswith("  [line 29, talking_points[0].source] Unknown source")


def test_a_missing_file_is_reported_not_raised_as_oserror(tmp_path):
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(tmp_path / "nowhere.yaml")
    [problem] = caught.value.problems
    assert problem.message.startswith("Cannot read the file:")


# Values of the wrong shape (a list where a name belongs) are problems, not crashes.
ODD_VALUES = [
    ("    when: {score: worry, at_least: 2}", "    when: {score: [worry], at_least: 2}",
     "talking_points[1].when.score", "Unknown scored instrument '['worry']'."),
    ("          - {value: never, label: Never, score: 0}",
     "          - {value: [never], label: Never, score: 0}",
     "pages[1].questions[0].options[0].value", "Each option needs a 'value'"),
    ("    items: [worry_1, worry_2]", "    items: [[worry_1], worry_2]",
     "instruments[0].items[0]", "must be the id of a single_choice question."),
    ("  main_concern: goal", "  main_concern: [goal]", "settings.main_concern",
     "No question has the id '['goal']'."),
    ("  - {name: oxycodone, class: opioid}", "  - {name: oxycodone, class: [[opioid]]}",
     "medicines[1].class", "Unknown medicine class '['opioid']'."),
    ("    source: guide-2020\n  - id: worry-high", "    source: [[guide-2020]]\n  - id: worry-high",
     "talking_points[0].source", "Unknown source '['guide-2020']'."),
    ("        - {medicine: {class: opioid}}", "        - {medicine: {class: [[opioid]]}}",
     "talking_points[0].when.all[0].medicine.class", "'class' takes a name or a list of names."),
    ("              - {value: weeks, label: A few weeks}",
     "              - {value: [weeks], label: A few weeks}",
     "pages[2].questions[0].fields.how_long.options[0].value", "Each option needs a 'value'"),
]


@pytest.mark.parametrize(("old", "new", "path", "message"), ODD_VALUES)
def test_values_of_the_wrong_shape_are_reported(old, new, path, message):
    text = MINIMAL.read_text(encoding="utf-8")
    assert text.count(old) == 1
    found = problems_in(text.replace(old, new))
    assert [(line, where) for line, where, _ in found] == [(line_of(text, old.strip()), path)]
    assert message in found[0][2]


def test_a_key_written_twice_is_reported_with_its_line():
    text = dedent("""\
        sources:
          s: {name: A source, title: A guide, url: https://example.org/s}
        pages:
          - id: p
            title: Page
            questions:
              - id: q
                type: yes_no
                label: Do you sleep well?
                label: Do you sleep badly?
        talking_points:
          - {id: t, fallback: true, raise: Describe your sleep., say: I said so.,
             ask: "What helps?", why: Context., source: s}
        """)
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text)
    assert "[line 10, pages[0].questions[0].label (again)] 'label' is written twice here" in \
        caught.value.report()


def test_only_one_fallback_talking_point():
    text = dedent("""\
        sources:
          s: {name: A source, title: A guide, url: https://example.org/s}
        pages:
          - id: p
            title: Page
            questions:
              - {id: q, type: yes_no, label: "Do you sleep well?"}
        talking_points:
          - {id: a, fallback: true, raise: Describe your sleep., say: I said so.,
             ask: "What helps?", why: Context., source: s}
          - {id: b, fallback: true, raise: Describe your day., say: I said so.,
             ask: "What helps?", why: Context., source: s}
        """)
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text)
    assert "[line 11, talking_points[1].fallback] Only one talking point can be the fallback" in \
        caught.value.report()


MEDICINE_CONDITIONS = [
    {"medicine": {"class": "benzodiazepine"}},
    {"count_classes": {"tag": "sedating"}, "at_least": 2},
]


@pytest.mark.parametrize("condition", MEDICINE_CONDITIONS, ids=["medicine", "count_classes"])
@pytest.mark.parametrize(("anchor", "path", "placed_ok"), [
    # the worry page comes before the medicines page: its condition could never be true
    ("  - id: worry\n    title: Worry\n", "pages[1].when", False),
    # the first question of the medicines page is the medicine list itself
    ("      - id: meds\n        type: medicine_list\n", "pages[2].questions[0].when", False),
    # the shop-bought aids come after the medicine list on the same page
    ("      - id: shop_aids\n        type: multiple_choice\n", "pages[2].questions[1].when",
     True),
    ("  - id: goal-page\n    title: Your visit\n", None, True),
], ids=["page-before", "the-list-itself", "after-the-list", "later-page"])
def test_a_medicine_condition_must_come_after_a_question_that_asks_for_medicines(
        condition, anchor, path, placed_ok):
    import yaml

    text = MINIMAL.read_text(encoding="utf-8")
    assert anchor in text
    indent = " " * (len(anchor.splitlines()[1]) - len(anchor.splitlines()[1].lstrip()))
    when = f"{indent}when: {yaml.safe_dump(condition, default_flow_style=True).strip()}\n"
    text = text.replace(anchor, anchor + when)
    if "goal-page" in anchor:  # it has a condition already: replace it
        text = text.replace("    when: {question: nights, answered: true}\n", "")
    if placed_ok:
        parse_questionnaire(text)
        return
    [(line, found_path, message)] = problems_in(text)
    assert found_path.startswith(path) and line == line_of(text, when.strip())
    assert "no question before it asks for them" in message


# --- Files built to exhaust the loader: refused with a problem, in bounded time and memory ---

BILLION_LAUGHS = QUESTIONNAIRES / "billion_laughs.yaml"

#: The most processor time refusing a file built to exhaust the loader may take: the alias
#: bomb took 63 s and 3 GB before the loader counted (it takes about a second now). Processor
#: time, not wall time, and a wide margin: a busy CI machine stretches neither enough to fail.
CPU_SECONDS = 15

#: Run by a child process with its memory capped: prints the report, then the peak and the
#: processor time it took.
BOUNDED_PARSE = """
import sys, time, tracemalloc
from webapp.engine.loader import load_questionnaire
from webapp.engine.problems import QuestionnaireError
tracemalloc.start()
started = time.process_time()
try:
    load_questionnaire(sys.argv[1])
except QuestionnaireError as error:
    print(error.report())
print(tracemalloc.get_traced_memory()[1], time.process_time() - started)
"""


def parse_with_bounds(path) -> tuple[str, int, float]:
    """(report, peak bytes, processor seconds) of loading ``path`` in a child limited to
    1 GB and 60 s."""
    import resource
    import subprocess
    import sys

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run([sys.executable, "-c", BOUNDED_PARSE, str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, preexec_fn=cap_memory)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    *report, figures = done.stdout.splitlines()
    peak, seconds = figures.split()
    return "\n".join(report), int(peak), float(seconds)


def test_an_alias_bomb_is_refused_quickly_and_in_little_memory():
    report, peak, seconds = parse_with_bounds(BILLION_LAUGHS)
    assert "1 problem to fix" in report
    assert "aliases" in report and "[line " in report
    assert seconds < CPU_SECONDS, f"took {seconds:.1f} s of processor time"
    assert peak < 20_000_000, f"took {peak / 1e6:.0f} MB"


@pytest.mark.parametrize("text, line", [
    ("pages: &a [*a]\n", 1),
    ("settings: {}\nmore: &b\n  x: 1\n  y: [1, 2, *b]\npages: []\n", 4),
    ("x: &c {a: [{b: *c}]}\n", 1),
], ids=["list-of-itself", "mapping-inside-itself", "nested-inside-itself"])
def test_an_alias_inside_the_block_it_names_is_refused(text, line):
    [(found_line, path, message)] = problems_in(text)
    assert "inside the block" in message and found_line == line


@pytest.mark.parametrize("text", [
    "pages: " + "[" * 10_000 + "]" * 10_000 + "\n",
    "pages: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
    "pages:\n" + "".join("  " * depth + "- \n" for depth in range(2_000)),
    ONE_PAGE + "x: &d " + "[" * 40 + "]" * 40 + "\ny: " + "[*d, " * 30 + "1" + "]" * 30 + "\n",
], ids=["lists", "mappings", "block-lists", "through-an-alias"])
def test_deep_nesting_is_refused_with_its_line(text):
    started = time.process_time()
    problems = problems_in(text)
    seconds = time.process_time() - started
    assert seconds < CPU_SECONDS, f"took {seconds:.1f} s of processor time"
    assert len(problems) == 1, problems
    line, _, message = problems[0]
    assert "nested more than" in message and line is not None


def test_a_number_too_long_to_read_is_a_problem_not_a_crash():
    [(line, _, message)] = problems_in(one_page("settings: {minutes_to_complete: "
                                                + "9" * 5000 + "}\n"))
    assert line == 6 and "digits" in message


def test_a_key_that_is_not_a_word_is_a_problem_not_a_crash():
    [(line, _, message)] = problems_in(one_page("? [a, b]\n: c\n"))
    assert line == 6 and "key" in message


@pytest.mark.parametrize("text, beyond", [
    (BILLION_LAUGHS.read_text(encoding="utf-8"), True),
    ("pages: &a [*a]\n", True),
    ("x: &c {a: [{b: *c}]}\n", True),
    ("x: " + "[" * 60 + "]" * 60 + "\n", True),
    ("x: &d [1, 2]\ny: [*d, *d, *d]\n", False),
    (QUESTIONS.read_text(encoding="utf-8"), False),
], ids=["alias-bomb", "list-of-itself", "nested-inside-itself", "deep", "aliases", "shipped"])
def test_the_fast_reader_weighs_the_node_graph_as_the_careful_one_counts(text, beyond):
    """libyaml composes aliases as references; the graph is weighed before anything is built."""
    import yaml

    from webapp.engine.bounded_yaml import beyond_limits

    loader = yaml.SafeLoader(text)
    try:
        assert beyond_limits(loader.get_single_node()) is beyond
    finally:
        loader.dispose()


def test_the_same_file_is_read_once_and_a_changed_one_again(tmp_path):
    """Making an app reads and checks its questionnaire; a process reads each version once."""
    path = tmp_path / "questions.yaml"
    path.write_text(QUESTIONS.read_text(encoding="utf-8"), encoding="utf-8")
    first = load_questionnaire(path)
    assert load_questionnaire(path) is first
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Before the Visit", "title: Before the Clinic Visit", 1), encoding="utf-8")
    changed = load_questionnaire(path)
    assert changed is not first and changed.settings.title == "Before the Clinic Visit"


def test_a_medicine_lists_name_limit_is_read_and_checked():
    """Issue 13: the clinic sets how long a medicine name may be (``name_max_length``,
    default 60); a limit that is not a whole number from 1 is reported at its line."""
    text = MINIMAL.read_text(encoding="utf-8")
    old = "        label: Medicines you take\n"
    assert text.count(old) == 1
    limited = parse_questionnaire(versioned(text.replace(
        old, old + "        name_max_length: 45\n")))
    question = next(q for p in limited.pages for q in p.questions if q.type == "medicine_list")
    assert question.settings.name_max_length == 45
    assert question.kind.answer_problem(question, [{"name": "n" * 46}], True) == (
        "Keep the name in row 1 to 45 characters or fewer.")
    assert question.kind.answer_problem(question, [{"name": "n" * 45}], True) is None
    default = next(q for p in parse_questionnaire(versioned(text)).pages for q in p.questions
                   if q.type == "medicine_list")
    assert default.settings.name_max_length == 60
    found = problems_in(text.replace(old, old + "        name_max_length: 0\n"))
    assert [(line, where) for line, where, _ in found] == [
        (line_of(text, old.strip()) + 1, "pages[2].questions[0].name_max_length")]
