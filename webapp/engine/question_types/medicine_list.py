"""``medicine_list``: rows of a medicine's name and its details (what for, how often, how
long, prescribed), up to ``max_rows``; a name up to ``name_max_length`` characters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from .. import loader_messages as M
from ..language import gettext as _
from ..problems import Path
from ..validation import MEDICINE_NAME_LIMIT, UNUSUAL_CHARACTERS, quoted, shown_safely
from .base import QuestionKind, TypeSettings, YamlReader

if TYPE_CHECKING:
    from ..questionnaire import MedicineField, Question

#: The fields of one medicine row, besides its name. Each may be switched off in the YAML.
MEDICINE_FIELDS = ("purpose", "how_often", "how_long", "prescribed")


@dataclass(frozen=True)
class MedicineListSettings(TypeSettings):
    """How many rows the list takes, each row's detail fields besides the name, and the
    longest name a row takes."""

    max_rows: int
    fields: tuple[MedicineField, ...] = ()
    name_max_length: int = MEDICINE_NAME_LIMIT

    @property
    def longest_text(self) -> int:
        """The most characters a row's name or typed detail takes (the page's hint)."""
        return max([self.name_max_length, *(f.max_length for f in self.fields
                                           if not f.options)])


def list_settings(question: Question) -> MedicineListSettings:
    """``question``'s medicine list settings (TypeError for a question of another type)."""
    if not isinstance(question.settings, MedicineListSettings):
        raise TypeError(f"{question.id!r} is not a medicine list")
    return question.settings


def medicine_lists(questions: Iterable[Question]) -> list[tuple[Question, MedicineListSettings]]:
    """The medicine lists among ``questions``, each with its settings."""
    return [(q, q.settings) for q in questions if isinstance(q.settings, MedicineListSettings)]


class MedicineList(QuestionKind):
    """Rows of medicines as the patient writes them; each row checks itself."""

    name = "medicine_list"
    widget = "rows"
    keys: ClassVar[frozenset[str]] = frozenset({"max_rows", "fields", "name_max_length"})
    lists_medicines = True
    heads_page = False
    fhir = "group"

    def read_settings(self, raw: Mapping, path: Path, reader: YamlReader
                      ) -> MedicineListSettings:
        max_rows = reader.integer(raw, "max_rows", path, 15, low=1)
        name_limit = reader.integer(raw, "name_max_length", path, MEDICINE_NAME_LIMIT, low=1)
        return MedicineListSettings(15 if max_rows is None else max_rows,
                                    self._fields(raw, path, reader),
                                    name_limit or MEDICINE_NAME_LIMIT)

    def _fields(self, raw: Mapping, path: Path, reader: YamlReader
                ) -> tuple[MedicineField, ...]:
        from ..questionnaire import MedicineField, Option

        fields_raw = raw.get("fields") or {}
        if not isinstance(fields_raw, Mapping):
            reader.problems.say(path + ("fields",), M.NOT_A_MAPPING_KEY, key="fields")
            return ()
        fields = []
        for name, entry in fields_raw.items():
            fpath = path + ("fields", name)
            if name not in MEDICINE_FIELDS:
                reader.problems.say(fpath, M.UNKNOWN_MEDICINE_FIELD, name=name,
                                    allowed=", ".join(MEDICINE_FIELDS))
                continue
            entry = reader.mapping(entry, fpath, "medicine field")
            reader.unknown(entry, {"label", "options", "max_length"}, fpath, "a medicine field")
            label = reader.text(entry, "label", fpath)
            options: tuple[Option, ...] = ()
            if "options" in entry:
                if not isinstance(entry["options"], list) or len(entry["options"]) < 2:
                    reader.problems.say(fpath + ("options",), M.FIELD_OPTIONS_TOO_FEW)
                else:
                    options = reader.option_list(entry["options"], fpath + ("options",),
                                                 False, set())
            max_length = reader.integer(entry, "max_length", fpath, 100, low=1)
            if label:
                fields.append(MedicineField(name, label, options, max_length or 100))
        return tuple(fields)

    def schema(self) -> dict[str, Any]:
        field = {"type": "object", "additionalProperties": False, "required": ["label"],
                 "properties": {"label": {"type": "string", "minLength": 1},
                                "options": {"type": "array", "minItems": 2,
                                            "items": {"$ref": "#/$defs/option"}},
                                "max_length": {"type": "integer", "minimum": 1}}}
        return {"properties": {
            "max_rows": {"type": "integer", "minimum": 1},
            "name_max_length": {"type": "integer", "minimum": 1},
            "fields": {"type": "object", "propertyNames": {"enum": list(MEDICINE_FIELDS)},
                       "additionalProperties": field}}}

    def row_fields(self, raw: Mapping) -> dict[str, frozenset[str]]:
        raw_fields = raw.get("fields")
        fields: Mapping[Any, Any] = raw_fields if isinstance(raw_fields, Mapping) else {}
        found = {}
        for fname, fdef in fields.items():
            opts = fdef.get("options") if isinstance(fdef, Mapping) else None
            found[fname] = frozenset(
                str(o["value"]) for o in (opts if isinstance(opts, list) else [])
                if isinstance(o, Mapping) and isinstance(o.get("value"), str))
        return found

    def answer_problem(self, question: Question, value: Any, named: bool) -> str | None:
        settings = list_settings(question)
        if not isinstance(value, list):
            return _("The medicine list must be a list of rows.")
        if len(value) > settings.max_rows:
            return _("You can list up to %(rows)s medicines.", rows=settings.max_rows)
        for number, row in enumerate(value, 1):
            problem = row_problem(question, row, number)
            if problem:
                return problem
        return None

    def missing_message(self, question: Question) -> str:
        return _("Enter at least one medicine.")

    def from_form(self, question: Question, value: Any) -> Any:
        return [row for row in value if row.get("name")] or None

    def answer_lines(self, question: Question, value: Any) -> tuple[str, ...]:
        return tuple(_line(question, row) for row in value)


def row_problem(question: Question, row: Any, number: int) -> str | None:
    """A message for the first thing wrong in medicine row ``number``, else None."""
    if not isinstance(row, Mapping) or not all(isinstance(v, str) for v in row.values()):
        return _("Row %(number)s of the medicine list is not in the right form.", number=number)
    fields = {f.name: f for f in list_settings(question).fields}
    unknown = [key for key in row if key != "name" and key not in fields]
    if unknown:
        return _("Row %(number)s of the medicine list has an unknown detail: %(detail)s.",
                 number=number, detail=shown_safely(unknown[0]))
    if any(UNUSUAL_CHARACTERS.search(text) for text in row.values()):
        return _("Row %(number)s of the medicine list: this answer has characters that "
                 "cannot be shown, such as control codes. Please type it again.", number=number)
    name = row.get("name", "").strip()
    details = [key for key, text in row.items() if key != "name" and text.strip()]
    if not name and details:
        return _("Enter the medicine name in row %(number)s, or clear that row's details.",
                 number=number)
    limit = list_settings(question).name_max_length
    if len(name) > limit:
        return _("Keep the name in row %(number)s to %(limit)s characters or fewer.",
                 number=number, limit=limit)
    for key in details:
        mfield, text = fields[key], row[key].strip()
        if mfield.options and text not in {o.value for o in mfield.options}:
            return _("Choose one of the answers shown for %(field)s in row %(number)s.",
                     field=quoted(mfield.label), number=number)
        if not mfield.options and len(text) > mfield.max_length:
            return _("Keep %(field)s in row %(number)s to %(limit)s characters or fewer.",
                     field=quoted(mfield.label), number=number, limit=mfield.max_length)
    return None


def _details_of(question: Question) -> tuple[MedicineField, ...]:
    """The detail fields of ``question``'s rows: none for a choice that names a medicine."""
    settings = question.settings
    return settings.fields if isinstance(settings, MedicineListSettings) else ()


def detail_labels(question: Question, row: Mapping[str, str]) -> list[tuple[str, str]]:
    """(field label, answer) of each detail a row gives: an option's label, or the text typed.

    ``question`` is a medicine list, or a choice whose ticked option names a medicine.
    """
    details = []
    for mfield in _details_of(question):
        value = row.get(mfield.name)
        if not value:
            continue
        option = next((o for o in mfield.options if o.value == value), None)
        details.append((mfield.label, option.label if option else value))
    return details


def field_labels(question: Question, row: Mapping[str, str]) -> dict[str, str]:
    """Each detail the row gives, by field name: an option's label, or the text typed."""
    found = {}
    for mfield in _details_of(question):
        value = row.get(mfield.name)
        if value:
            option = next((o for o in mfield.options if o.value == value), None)
            found[mfield.name] = option.label if option else value
    return found


def _line(question: Question, row: Mapping[str, str]) -> str:
    parts = [row.get("name", "")]
    for name, label in detail_labels(question, row):
        parts.append(f"{name} {label}" if name.endswith("?") else f"{name}: {label}")
    return "; ".join(parts)
