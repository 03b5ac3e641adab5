"""Read questions.yaml, check all of it, and build a :class:`Questionnaire`.

Every problem is collected with its YAML path and line, then reported together
(:class:`QuestionnaireError`), so a clinic fixes the whole file in one go.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path as FilePath
from typing import Any

import yaml

from . import loader_messages as M
from .bounded_yaml import MAX_VALUES, YamlRefused, compose_within_limits
from .english import name_words
from .fhir_codes import FhirCodes, read_fhir_codes
from .field_reader import FieldReader
from .guardrail import message, problems_in
from .lifetime import hours_problem
from .loader_instruments import InstrumentReader
from .loader_medicines import MedicineReader
from .loader_pages import PageReader
from .loader_points import PointReader
from .local_file import FileRefused, read_small_file
from .problems import Path, Problem, ProblemList, QuestionnaireError
from .questionnaire import (
    Instrument,
    Page,
    Questionnaire,
    Settings,
)

TOP_KEYS = {"settings", "sources", "medicine_classes", "medicines", "pages", "instruments",
            "talking_points", "fhir"}


#: The largest questionnaire file read, in bytes (the shipped one is about 50 KB).
MAX_FILE_BYTES = 2_000_000


def load_questionnaire(path: str | FilePath) -> Questionnaire:
    """Read and check the questionnaire at ``path``; raise QuestionnaireError listing problems."""
    return parse_questionnaire(read_questions(path), origin=str(path))


def read_questions(path: str | FilePath) -> str:
    """The text of the questionnaire file at ``path``; QuestionnaireError if it cannot be
    read (missing, not a regular file, too big, not UTF-8)."""
    path = FilePath(path)
    try:
        return read_small_file(path, MAX_FILE_BYTES).decode("utf-8")
    except FileRefused as error:
        raise QuestionnaireError(
            str(path), [_plain_problem(M.CANNOT_READ.format(error=error))]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise QuestionnaireError(
            str(path), [_plain_problem(M.CANNOT_READ_OS.format(error=error))]) from None


def parse_questionnaire(text: str, origin: str = "questions.yaml",
                        max_values: int = MAX_VALUES, check_wording: bool = True) -> Questionnaire:
    """Check questionnaire YAML ``text`` and build the Questionnaire, or raise with all problems.

    ``max_values`` bounds the work (see :mod:`webapp.engine.bounded_yaml`); only a trusted,
    generated file such as the benchmark's hundredfold questionnaire needs more.
    ``check_wording=False`` leaves out the wording rule's reading of every text, for a
    text whose wording passed it before (:mod:`webapp.engine.wording_record`); every
    other check still runs.

    Reading and checking the file is the slowest part of making an app (the guardrail
    reads every text, the vocabulary is indexed). The same text read again in the same
    process gives back the same Questionnaire, which is immutable: each `flask` command
    or worker reads its file once, and so does a test run that makes hundreds of apps.
    A text with problems is read again each time (nothing is kept of it).
    """
    return _parse_once(text, origin, max_values, check_wording)


@lru_cache(maxsize=16)
def _parse_once(text: str, origin: str, max_values: int, check_wording: bool) -> Questionnaire:
    problems = ProblemList()
    try:
        loader, node = compose_within_limits(text, max_values)
        try:
            if node is not None:  # before constructing: that merges '<<' keys into the nodes
                _record_lines(node, problems)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except YamlRefused as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise QuestionnaireError(origin, [_plain_problem(error.message, line)]) from None
    except RecursionError:  # the limits above should make this unreachable
        raise QuestionnaireError(origin, [_plain_problem(
            M.NESTS_TOO_DEEPLY.format())]
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise QuestionnaireError(
            origin,
            [_plain_problem(M.NOT_YAML.format(error=getattr(error, "problem", error)), line)],
        ) from None
    if not isinstance(data, Mapping):
        problems.say((), M.NOT_A_MAPPING_FILE)
        raise QuestionnaireError(origin, problems)
    builder = _Builder(data, problems)
    questionnaire = builder.build(origin)
    if check_wording:
        _check_wording(data, problems)
    if problems:
        raise QuestionnaireError(origin, problems)
    return questionnaire


def _plain_problem(message: str, line: int | None = None) -> Problem:
    return Problem((), line, message)


#: Keys whose text the app shows; the guardrail reads every one of them.
TEXT_KEYS = {"title", "intro", "label", "hint", "why", "summary_label", "raise", "ask",
             "disclaimer", "crisis_line", "note", "section", "unit", "name", "plain",
             "phrase", "say"}


def text_kind(path: Path, key: str) -> str:
    """The kind of text at ``path + (key,)``, which decides the sentence forms it may take.

    Mostly the key itself; a ``label`` is a question's label, an option's, a medicine
    field's, a medicine class's or a score band's, by where it sits.
    """
    parent = path[-2] if len(path) >= 2 else None
    if key == "plain" or (key == "label" and path[:1] == ("medicine_classes",)):
        return "class_label"
    if key == "label":
        return {"options": "option", "fields": "field_label", "bands": "band",
                "cutoffs": "band"}.get(str(parent), "label")
    return key


def wording_names(data: Mapping) -> frozenset[str]:
    """The words of the vocabulary's medicine names and of the sources, which texts may use.

    The same names as :attr:`Questionnaire.wording_names`, read from the raw file: each
    medicine's name and brands, each source's name and title. Not a medicine's ``plain``
    phrase: that is app wording, which the rule reads, not a name that excuses it.
    """
    found: list[str] = []

    def collect(node: Any, key: Any = None) -> None:
        if isinstance(node, str) and key in ("name", "brands", "title"):
            found.append(node)
        elif isinstance(node, Mapping):
            for inner_key, value in node.items():
                collect(value, inner_key)
        elif isinstance(node, list):
            for item in node:
                collect(item, key)

    collect(data.get("medicines"))
    collect(data.get("sources"))
    return name_words(found)


def wording_texts(node: Any, path: Path = ()) -> Iterator[tuple[Path, str, str]]:
    """Every text the questionnaire makes the app write: (YAML path, kind, text).

    Each as the app writes it: an option's ``phrase`` only ever completes "You said ..."
    in a talking point, so it is given as that sentence, of kind ``raise``. Citations and
    the medicine vocabulary are names, not app wording, and are left out.
    """
    if isinstance(node, Mapping):
        for key, value in node.items():
            if path == () and key in ("sources", "medicines"):
                continue
            if key == "phrase" and isinstance(value, str):
                yield path + (key,), "raise", f"You said {value}."
            elif key == "say" and isinstance(value, str) and "options" in path:
                yield path + (key,), "say", f"I said that {value}."
            elif key in TEXT_KEYS and isinstance(value, str):
                yield path + (key,), text_kind(path, key), value
            else:
                yield from wording_texts(value, path + (key,))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from wording_texts(item, path + (index,))


def _check_wording(data: Mapping, problems: ProblemList) -> None:
    """Run the guardrail over every text the questionnaire makes the app write."""
    names = wording_names(data)
    for path, kind, text in wording_texts(data):
        for problem in problems_in(text, kind, names):
            problems.add(path, message(problem, kind))  # the guardrail's own text


def _record_lines(root: yaml.Node, problems: ProblemList) -> None:
    """Remember the line of every YAML path, and report keys written twice in one mapping.

    A loop over a stack, not recursion: the loader's limits bound the work, and
    nesting cannot exhaust Python's stack. A key's line is its path's line.
    """
    problems.lines[()] = root.start_mark.line + 1
    stack: list[tuple[yaml.Node, Path]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        children: list[tuple[yaml.Node, Path]] = []
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "(a list "\
                    "or mapping used as a key)"
                if key in seen and key != "<<":
                    problems.lines[path + (f"{key} (again)",)] = key_node.start_mark.line + 1
                    problems.say(path + (f"{key} (again)",), M.KEY_TWICE, key=key)
                seen.add(key)
                problems.lines[path + (key,)] = key_node.start_mark.line + 1
                children.append((value_node, path + (key,)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                problems.lines[path + (index,)] = item.start_mark.line + 1
                children.append((item, path + (index,)))
        stack.extend(reversed(children))


class _Builder:
    """Walks the raw data once, building dataclasses and reporting problems.

    Made of readers, each with its part: ``fields`` reads typed values, ``pages`` the
    pages and questions (and conditions, which name them), ``points`` the sources and
    talking points, ``medicines`` the medicine classes and the vocabulary, ``instruments``
    the scored instruments. This class reads the rest (settings) and puts them together.
    """

    def __init__(self, data: Mapping[str, Any], problems: ProblemList) -> None:
        self.data = data
        self.problems = problems
        self.fields = FieldReader(data, problems)
        self.pages = PageReader(self.fields)
        self.points = PointReader(self.fields, self.pages)
        self.medicines = MedicineReader(self.fields)
        self.instruments = InstrumentReader(self.fields, self.pages, self.points)

    # --- the parts ----------------------------------------------------------------
    def build(self, origin: str) -> Questionnaire:
        self.fields.unknown(self.data, TOP_KEYS, (), "the file")
        sources = self.points.build_sources()
        classes = self.medicines.build_classes()
        medicines = self.medicines.build_medicines(classes)
        raw_pages = self.fields.listing("pages", required=True)
        self.pages.collect_refs(raw_pages)
        self.pages.instrument_items = {
            raw["id"]: tuple(raw.get("items") or ())
            for raw in self.fields.listing("instruments")
            if isinstance(raw, Mapping) and isinstance(raw.get("id"), str)
            and isinstance(raw.get("items"), list)
        }
        known_names = {m.name.lower() for m in medicines}
        self.pages.medicine_names = frozenset(known_names)
        pages = self.pages.build_pages(raw_pages, classes, known_names)
        instruments = self.instruments.build_instruments(sources)
        rules = self.points.build_talking_points(sources, classes)
        settings = self.build_settings()
        self.points.check_cited_sources(sources)
        if not pages and "pages" in self.data:
            self.problems.say(("pages",), M.NO_PAGES)
        return Questionnaire(
            pages=tuple(pages), instruments=instruments, talking_points=tuple(rules),
            sources=sources, medicine_classes=classes, medicines=tuple(medicines),
            settings=settings, origin=origin,
            fhir=self.build_fhir(pages, instruments, settings.version),
        )

    def build_fhir(self, pages: list[Page], instruments: Mapping[str, Instrument],
                   version: str) -> FhirCodes:
        """The ``fhir`` block: the questionnaire's address and LOINC codes (engine.fhir_codes),
        under the questionnaire's one version."""
        questions = {question.id: question for page in pages for question in page.questions}
        return read_fhir_codes(self.data.get("fhir"), questions, set(instruments),
                               self.problems, version or "0")

    def build_settings(self) -> Settings:
        raw = self.fields.mapping(self.data.get("settings") or {}, ("settings",), "settings block")
        allowed = set(Settings.__dataclass_fields__)
        self.fields.unknown(raw, allowed, ("settings",), "settings")
        values: dict[str, Any] = {}
        for key in ("title", "disclaimer", "crisis_line"):
            if key in raw:
                values[key] = self.fields.text(raw, key, ("settings",))
        version = raw.get("version")
        if isinstance(version, (int, float)) and not isinstance(version, bool):
            version = str(version)
        if not isinstance(version, str) or not version.strip():
            self.problems.say(("settings", "version") if "version" in raw else ("settings",),
                              M.MISSING_VERSION)
        elif "|" in version:
            self.problems.say(("settings", "version"), M.VERSION_WITH_BAR)
        else:
            values["version"] = version.strip()
        if "show_left_out" in raw:
            if not isinstance(raw["show_left_out"], bool):
                self.problems.say(("settings", "show_left_out"), M.SHOW_LEFT_OUT_NOT_BOOL)
            else:
                values["show_left_out"] = raw["show_left_out"]
        for key in ("minutes_to_complete",):
            if key in raw:
                values[key] = self.fields.integer(raw, key, ("settings",), low=1)
        if "session_hours" in raw:
            hours = raw["session_hours"]
            problem = hours_problem(hours)
            if problem:
                self.problems.say(("settings", "session_hours"), M.BAD_SESSION_HOURS,
                                  problem=problem)
            else:
                values["session_hours"] = hours
        if raw.get("main_concern") is not None:
            values["main_concern"] = self.question_ref(raw["main_concern"],
                                                       ("settings", "main_concern"))
        if raw.get("patient_questions") is not None:
            items = raw["patient_questions"]
            items = items if isinstance(items, list) else [items]
            values["patient_questions"] = tuple(
                q for i, q in enumerate(items)
                if self.question_ref(q, ("settings", "patient_questions", i)))
        return Settings(**{k: v for k, v in values.items() if v is not None})

    def question_ref(self, qid: Any, path: Path) -> str | None:
        if not isinstance(qid, str) or qid not in self.pages.refs:
            self.problems.say(path, M.NO_QUESTION_WITH_ID, id=qid)
            return None
        return qid
