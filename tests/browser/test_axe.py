"""axe-core on every page type and state: no WCAG 2.2 A or AA violations, phone and desktop."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, PHONE
from .states import STATES, State, reach

#: WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe-core tags).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()


def readable(violations: list[dict]) -> str:
    """One block per rule: what is wrong, where, and how to fix it."""
    lines = []
    for rule in violations:
        lines.append(f"- {rule['id']} ({rule['impact']}): {rule['help']} [{rule['helpUrl']}]")
        for node in rule["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"      {summary[:300]}")
        if len(rule["nodes"]) > 5:
            lines.append(f"    ... and {len(rule['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.mark.parametrize("state", STATES, ids=[state.name for state in STATES])
def test_no_wcag_violations(state: State, visit, tmp_path):
    patient = visit()
    reach(state, patient, tmp_path)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        patient.page.set_viewport_size(viewport)
        results = AXE.run(patient.page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                                 "resultTypes": ["violations"]})
        violations = results.response["violations"]
        assert not violations, (f"{state.name} ({patient.path}, {name}) has "
                                f"{len(violations)} WCAG A/AA problems:\n{readable(violations)}")
