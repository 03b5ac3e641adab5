"""Read the scored instruments of questions.yaml: items, maximum, bands and cut-offs.

Part of the loader (:mod:`webapp.engine.loader`): an instrument's items are scored
single-choice questions, its maximum is their highest scores added up, its bands cover
0 to the maximum with no gap or overlap, and each cut-off lies within it.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import loader_messages as M
from .field_reader import FieldReader
from .loader_pages import PageReader
from .loader_points import PointReader
from .problems import Path
from .question_types import kind_named
from .questionnaire import Band, Cutoff, Instrument, Source


class InstrumentReader:
    """Builds ``instruments``, reading the questions they score through ``pages``."""

    def __init__(self, fields: FieldReader, pages: PageReader, points: PointReader) -> None:
        self.fields = fields
        self.pages = pages
        self.points = points
        self.problems = fields.problems

    def build_instruments(self, sources: Mapping[str, Source]) -> dict[str, Instrument]:
        """``instruments``: each with scored items, its maximum, bands and cut-offs, by id."""
        instruments: dict[str, Instrument] = {}
        seen: set[str] = set()
        for index, raw in enumerate(self.fields.listing("instruments")):
            path = ("instruments", index)
            raw = self.fields.mapping(raw, path, "instrument")
            self.fields.unknown(raw, {"id", "name", "items", "max", "bands", "source", "note",
                               "cutoffs"}, path, "an instrument")
            iid = self.fields.ident(raw, path, seen, "instrument")
            name = self.fields.text(raw, "name", path)
            source = self.points.source_ids(raw, path, sources)
            items = raw.get("items")
            top, known = 0, len(self.problems.problems)
            if not isinstance(items, list) or not items:
                self.problems.say(path, M.INSTRUMENT_WITHOUT_ITEMS)
                items = []
            for i, item in enumerate(items):
                ref = self.pages.refs.get(item) if isinstance(item, str) else None
                kind = kind_named(ref.type) if ref is not None else None
                if kind is None or not kind.scored:
                    self.problems.say(path + ("items", i), M.ITEM_NOT_SINGLE_CHOICE, item=item)
                    continue
                top += self.item_max(item, path + ("items", i))
            maximum = self.fields.integer(raw, "max", path, low=1)
            if maximum is None:
                self.problems.say(path, M.INSTRUMENT_WITHOUT_MAX)
            elif top and top != maximum and len(self.problems.problems) == known:
                # (a bad item is reported on its own: its missing scores are not a wrong max)
                self.problems.say(path + ("max",), M.MAX_NOT_ITEM_TOTAL, max=maximum, total=top)
            bands = self.build_bands(raw, path, maximum)
            cutoffs = self.build_cutoffs(raw, path, maximum, M.WHERE_INSTRUMENT.format(id=iid))
            if iid and name and maximum and bands and source:
                instruments[iid] = Instrument(iid, name, tuple(items), maximum, bands, source,
                                              self.fields.text(raw, "note", path, False), cutoffs)
        return instruments

    def item_max(self, qid: str, path: Path) -> int:
        """The highest score of instrument item ``qid`` (found by its place, not a search)."""
        ref = self.pages.refs.get(qid)
        if ref is None:
            return 0
        page_index, question_index = ref.position
        raw_q = self.fields.listing("pages")[page_index]["questions"][question_index]
        scores = [o.get("score") for o in raw_q.get("options") or [] if isinstance(o, Mapping)]
        whole = [s for s in scores if isinstance(s, int)]
        if not scores or len(whole) != len(scores):
            self.problems.say(path, M.OPTION_WITHOUT_SCORE, question=qid)
            return 0
        return max(whole)

    def build_cutoffs(self, raw: Mapping, path: Path, maximum: int | None,
                      where: str) -> tuple[Cutoff, ...]:
        """An instrument's ``cutoffs``: each {when (optional), at_least, label}."""
        raw_cutoffs = raw.get("cutoffs")
        if raw_cutoffs is None:
            return ()
        if not isinstance(raw_cutoffs, list) or not raw_cutoffs:
            self.problems.say(path + ("cutoffs",), M.BAD_CUTOFFS)
            return ()
        cutoffs = []
        for i, entry in enumerate(raw_cutoffs):
            cpath = path + ("cutoffs", i)
            entry = self.fields.mapping(entry, cpath, "cut-off")
            self.fields.unknown(entry, {"when", "at_least", "label"}, cpath, "a cut-off")
            at_least = self.fields.integer(entry, "at_least", cpath, low=0)
            label = self.fields.text(entry, "label", cpath)
            when = None
            if "when" in entry:
                when = self.pages.condition(entry["when"], cpath + ("when",), {}, None,
                                      M.WHERE_NTH.format(where=where, what="cut-off",
                                                         number=i + 1))
            if at_least is not None and maximum is not None and at_least > maximum:
                self.problems.say(cpath + ("at_least",), M.CUTOFF_ABOVE_MAX, at_least=at_least,
                                  max=maximum)
            elif at_least is not None and label and (when is not None or "when" not in entry):
                cutoffs.append(Cutoff(at_least, label, when))
        return tuple(cutoffs)

    def build_bands(self, raw: Mapping, path: Path, maximum: int | None) -> tuple[Band, ...]:
        """An instrument's ``bands``: from 0 to its maximum, with no gap and no overlap."""
        raw_bands = raw.get("bands")
        if not isinstance(raw_bands, list) or not raw_bands:
            self.problems.say(path, M.INSTRUMENT_WITHOUT_BANDS)
            return ()
        bands = []
        for i, entry in enumerate(raw_bands):
            bpath = path + ("bands", i)
            entry = self.fields.mapping(entry, bpath, "band")
            low = self.fields.integer(entry, "min", bpath, low=0)
            high = self.fields.integer(entry, "max", bpath)
            label = self.fields.text(entry, "label", bpath)
            self.fields.unknown(entry, {"min", "max", "label", "crisis_line"}, bpath, "a band")
            crisis = entry.get("crisis_line", False)
            if not isinstance(crisis, bool):
                self.problems.say(bpath + ("crisis_line",), M.NOT_TRUE_OR_FALSE, key="crisis_line")
            if low is None or high is None or label is None:
                self.problems.say(bpath, M.BAND_INCOMPLETE)
                return ()
            bands.append(Band(low, high, label, crisis is True))
        expected = 0
        for i, band in enumerate(sorted(bands, key=lambda b: b.minimum)):
            if band.minimum > expected:
                missing = (str(expected) if band.minimum - 1 == expected
                           else M.BANDS_GAP_RANGE.format(low=expected, high=band.minimum - 1))
                self.problems.say(path + ("bands",), M.BANDS_GAP, missing=missing)
            elif band.minimum < expected:
                self.problems.say(path + ("bands",), M.BANDS_OVERLAP, at=band.minimum)
            if band.maximum < band.minimum:
                self.problems.say(path + ("bands", i), M.BAND_MAX_BELOW_MIN)
            expected = band.maximum + 1
        if maximum is not None and expected - 1 != maximum:
            self.problems.say(path + ("bands",), M.BANDS_END_BEFORE_MAX, end=expected - 1,
                              max=maximum)
        return tuple(bands)
