"""What automatic checkers miss, measured in Chromium on one page state (test_every_state.py).

Each function looks at the page as it is and returns its problems in plain words (an empty
list when there are none), so one pass over every page state can report them all at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# --- axe-core ---------------------------------------------------------------------------------

#: axe-core tags: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_problems(page: Any, axe_script: str | None, skip: Iterable[str] = ()) -> list[str]:
    """axe-core's WCAG and best-practice violations on the page as it is now.

    ``axe_script`` is put in the page first (None: it is there already); ``skip`` names
    rules not to run.
    """
    if axe_script:
        page.evaluate(axe_script)
    response = page.evaluate("options => axe.run(document, options)", {
        "runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in skip}})
    return readable(response["violations"])


def readable(violations: list[dict]) -> list[str]:
    """One line per rule and place: what is wrong, where, and how to fix it."""
    lines = []
    for rule in violations:
        for node in rule["nodes"][:3]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']} at "
                         f"{' '.join(map(str, node['target']))}: {summary[:200]}")
        if len(rule["nodes"]) > 3:
            lines.append(f"{rule['id']}: ... and {len(rule['nodes']) - 3} more")
    return lines
