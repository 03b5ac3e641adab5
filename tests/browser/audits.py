"""What automatic checkers miss, measured in Chromium on one page state (test_every_state.py).

Each function looks at the page as it is and returns its problems in plain words (an empty
list when there are none), so one pass over every page state can report them all at once.
"""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops

# --- accessible names (Chromium's accessibility tree) --------------------------------------

#: Roles a patient operates: each needs a name of its own.
CONTROL_ROLES = {"button", "link", "textbox", "searchbox", "combobox", "listbox", "checkbox",
                 "radio", "switch", "slider", "spinbutton", "menuitem", "tab"}
#: Roles that give the controls inside them their context ("Medicine 2", a question's legend).
GROUP_ROLES = {"group", "radiogroup"}


def _value(node: dict[str, Any], key: str) -> str:
    return str((node.get(key) or {}).get("value") or "").strip()


def accessibility_tree(cdp: Any) -> dict[str, dict[str, Any]]:
    """Chromium's full accessibility tree of the page, by node id."""
    return {node["nodeId"]: node for node in cdp.send("Accessibility.getFullAXTree")["nodes"]}


def name_problems(tree: dict[str, dict[str, Any]]) -> list[str]:
    """Controls without a name, or with the same name as another in the same context.

    A screen reader says a control's group ("Medicine 2", a question) and its name, so
    "Yes" may come once in each question; twenty boxes all called "Include this point in
    my printout", in no group, cannot be told apart.
    """
    seen: dict[tuple[str, str, str], int] = {}
    problems = []
    for node in tree.values():
        role = _value(node, "role")
        if node.get("ignored") or role not in CONTROL_ROLES:
            continue
        name = _value(node, "name")
        group = _context(tree, node)
        if not name:
            problems.append(f"a {role} without a name" + (f" in “{group}”" if group else ""))
            continue
        key = (group, role, name)
        seen[key] = seen.get(key, 0) + 1
    problems += [f"{count} controls ({role}) named “{name}”" + (f" in “{group}”" if group else "")
                 for (group, role, name), count in seen.items() if count > 1]
    return problems


def _context(tree: dict[str, dict[str, Any]], node: dict[str, Any]) -> str:
    parent = tree.get(node.get("parentId", ""))
    while parent is not None:
        if not parent.get("ignored") and _value(parent, "role") in GROUP_ROLES \
                and _value(parent, "name"):
            return _value(parent, "name")
        parent = tree.get(parent.get("parentId", ""))
    return ""


# --- forced colours ---------------------------------------------------------------------------

#: Every element a keyboard reaches, focused in turn: its outline, and each button's border.
FOCUS_SWEEP = """() => {
  const stops = [...document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.checkVisibility());
  window.__stops = stops;
  const found = stops.map((e, index) => {
    e.focus({preventScroll: true});
    const style = getComputedStyle(e);
    const chain = [];
    for (let n = e; n && n !== document.body; n = n.parentElement) {
      const classes = typeof n.className === 'string' ? n.className.trim() : '';
      chain.push(n.tagName.toLowerCase() + (classes ? '.' + classes.split(/\\s+/).join('.') : ''));
    }
    const text = (e.getAttribute('aria-label') || e.textContent || e.value || '').trim();
    return {index, kind: `${e.type || ''} ${chain.join(' < ')}`,
            what: `<${e.tagName.toLowerCase()}${e.id ? ' id=' + e.id : ''}> ${text.slice(0, 40)}`,
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
            button: e.matches('button, .button'),
            border: style.borderTopStyle !== 'none' && parseFloat(style.borderTopWidth) >= 1};
  });
  document.activeElement.blur();
  return found;
}"""

#: The focused element's box grown by MARGIN pixels, inside the window.
FOCUS_BOX = """([index, margin]) => {
  const e = window.__stops[index];
  e.focus();
  const r = e.getBoundingClientRect();
  const x = Math.max(0, Math.floor(r.left - margin)), y = Math.max(0, Math.floor(r.top - margin));
  return {x, y, width: Math.min(innerWidth, Math.ceil(r.right + margin)) - x,
          height: Math.min(innerHeight, Math.ceil(r.bottom + margin)) - y,
          perimeter: 2 * (r.width + r.height)};
}"""
MARGIN = 6
#: A channel must change this much for a pixel to count as changed.
PIXEL_CHANGE = 48


def changed_pixels(before: bytes, after: bytes) -> int:
    """How many pixels of two same-sized screenshots differ visibly."""
    first, second = (Image.open(io.BytesIO(png)).convert("RGB") for png in (before, after))
    difference = ImageChops.difference(first, second).convert("L")
    return difference.point(lambda level: 255 if level > PIXEL_CHANGE else 0).histogram()[255]


def forced_colour_problems(page: Any, proved: set[str]) -> list[str]:
    """In forced colours, every tab stop shows its focus and every button its border.

    Each tab stop must have an outline when focused (forced colours draw every outline,
    even a transparent one, and drop backgrounds and shadows). The first stop of each kind
    (its type, classes and those of its ancestors) also has its pixels compared, focused
    and not: a ring of at least twice its perimeter must change. ``proved`` collects the
    kinds already compared in this run.
    """
    page.emulate_media(forced_colors="active")
    try:
        problems = []
        for stop in page.evaluate(FOCUS_SWEEP):
            if not stop["outline"]:
                problems.append(f"{stop['what']}: no outline when focused")
            if stop["button"] and not stop["border"]:
                problems.append(f"{stop['what']}: a button without a border")
            if stop["kind"] in proved or not stop["outline"]:
                continue
            proved.add(stop["kind"])
            box = page.evaluate(FOCUS_BOX, [stop["index"], MARGIN])
            clip = {key: box[key] for key in ("x", "y", "width", "height")}
            focused = page.screenshot(clip=clip)
            page.evaluate("() => document.activeElement.blur()")
            changed = changed_pixels(focused, page.screenshot(clip=clip))
            if changed < 2 * box["perimeter"]:
                problems.append(f"{stop['what']}: focusing it changes {changed} pixels around "
                                f"it, less than a 2px ring ({2 * box['perimeter']:.0f})")
        return problems
    finally:
        page.emulate_media(forced_colors="none")


# --- axe-core ---------------------------------------------------------------------------------

#: axe-core tags: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


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


# --- the Nu HTML Checker ------------------------------------------------------------------

class HtmlCheck:
    """The Nu HTML Checker over many pages in one Java run, started now, read with ``errors``.

    It runs beside the browser checks: Java takes a while to start.
    """

    def __init__(self, java: str, jar: Path, pages: Iterable[tuple[str, str]],
                 folder: Path) -> None:
        self.files = {}  # file name -> page name
        for number, (name, html) in enumerate(pages):
            path = folder / f"state-{number:03}.html"
            path.write_text(html, encoding="utf-8")
            self.files[path.name] = name
        self.report = folder / "vnu.json"
        with self.report.open("w") as report:
            self.process = subprocess.Popen(
                [java, "-jar", str(jar), "--errors-only", "--format", "json",
                 "--exit-zero-always", *self.files],
                cwd=folder, stdout=subprocess.DEVNULL, stderr=report)

    def errors(self, timeout: float = 600) -> dict[str, list[str]]:
        """The errors found in each page, by its name."""
        self.process.wait(timeout=timeout)
        text = self.report.read_text()
        try:
            messages = json.loads(text)["messages"]
        except (ValueError, KeyError) as error:
            raise AssertionError(f"vnu gave no report: {text[-500:]}") from error
        found: dict[str, list[str]] = {}
        for message in messages:
            url = message.get("url", "?")  # file:/.../state-006.html
            name = self.files.get(url.rsplit("/", 1)[-1], url)
            found.setdefault(name, []).append(
                f"line {message.get('lastLine', '?')}: {message.get('message', '')} "
                f"[{message.get('extract', '').strip()[:80]}]")
        return found

    def stop(self) -> None:
        """End the Java run if it is still going (a test stopped early)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
