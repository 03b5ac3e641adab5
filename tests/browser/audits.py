"""What automatic checkers miss, measured in Chromium on one page state (test_every_state.py).

Each function looks at the page as it is and returns its problems in plain words (an empty
list when there are none), so one pass over every page state can report them all at once.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops

# --- accessible names and descriptions (Chromium's accessibility tree) ----------------------

#: Roles a patient operates: each needs a name of its own.
CONTROL_ROLES = {"button", "link", "textbox", "searchbox", "combobox", "listbox", "checkbox",
                 "radio", "switch", "slider", "spinbutton", "menuitem", "tab"}
#: Roles that give the controls inside them their context ("Medicine 2", a question's legend).
GROUP_ROLES = {"group", "radiogroup"}


def _value(node: dict[str, Any], key: str) -> str:
    return str((node.get(key) or {}).get("value") or "").strip()


def accessibility_tree(cdp: Any) -> dict[str, dict[str, Any]]:
    """Chromium's full accessibility tree of the page, by node id.

    Each link whose name another link in its group also has gets its destination, as
    ``"href"`` (the tree itself has none; name_problems compares them). Asking Chromium
    for every link's would take two more calls per link.
    """
    tree = {node["nodeId"]: node for node in cdp.send("Accessibility.getFullAXTree")["nodes"]}
    links: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for node in tree.values():
        if _value(node, "role") == "link" and not node.get("ignored") \
                and node.get("backendDOMNodeId"):
            links.setdefault((_context(tree, node), _value(node, "name")), []).append(node)
    for node in (node for same in links.values() if len(same) > 1 for node in same):
        element = cdp.send("DOM.resolveNode", {"backendNodeId": node["backendDOMNodeId"]})
        node["href"] = cdp.send("Runtime.callFunctionOn", {
            "objectId": element["object"]["objectId"],
            "functionDeclaration": "function () { return this.href || ''; }",
            "returnByValue": True})["result"].get("value", "")
    return tree


def name_problems(tree: dict[str, dict[str, Any]]) -> list[str]:
    """Controls without a name, or with the same name as another in the same context.

    A screen reader says a control's group ("Medicine 2", a question) and its name, so
    "Yes" may come once in each question; twenty boxes all called "Include this point in
    my printout", in no group, cannot be told apart.
    """
    seen: dict[tuple[str, str, str], int] = {}
    destinations: dict[tuple[str, str, str], set[str]] = {}
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
        if role == "link":
            destinations.setdefault(key, set()).add(node.get("href", ""))
    # Links of the same name that go to the same place are one link said twice (a source
    # cited by two points): WCAG 2.4.4 asks only that the same words never lead elsewhere.
    problems += [f"{count} controls ({role}) named “{name}”" + (f" in “{group}”" if group else "")
                 for (group, role, name), count in seen.items()
                 if count > 1
                 and not (role == "link" and len(destinations[group, role, name]) == 1)]
    return problems


def _context(tree: dict[str, dict[str, Any]], node: dict[str, Any]) -> str:
    parent = tree.get(node.get("parentId", ""))
    while parent is not None:
        if not parent.get("ignored") and _value(parent, "role") in GROUP_ROLES \
                and _value(parent, "name"):
            return _value(parent, "name")
        parent = tree.get(parent.get("parentId", ""))
    return ""


#: A character limit as the pages say it, in each language the app speaks: "Up to 600
#: characters.", "Hasta 600 caracteres.".
LIMIT = re.compile(r"\b\d+ (?:characters|caracteres)\b")


def limit_problems(cdp: Any, tree: dict[str, dict[str, Any]]) -> list[str]:
    """Text fields whose description does not say how many characters they take.

    Number fields (inputmode decimal, or numeric for whole numbers and a date's day, month
    and year) are left out: their hint gives the range of numbers or the form instead.
    """
    problems = []
    for node in tree.values():
        if node.get("ignored") or _value(node, "role") != "textbox":
            continue
        described = cdp.send("DOM.describeNode", {"backendNodeId": node["backendDOMNodeId"]})
        attributes = described["node"].get("attributes", [])
        fields = dict(zip(attributes[::2], attributes[1::2], strict=True))
        if fields.get("inputmode") in ("decimal", "numeric"):
            continue
        if not LIMIT.search(_value(node, "description")):
            problems.append(f"#{fields.get('id')} (“{_value(node, 'name')}”) is described as "
                            f"“{_value(node, 'description')}”: no character limit")
    return problems


# --- target size ----------------------------------------------------------------------------

#: Radios and checkboxes smaller than GOV.UK's and NHS.UK's 40 by 40 pixels.
SMALL_TARGETS = """() => [...document.querySelectorAll('input[type=radio], input[type=checkbox]')]
  .filter(e => e.checkVisibility())
  .map(e => ({id: e.id, box: e.getBoundingClientRect()}))
  .filter(t => t.box.width < 39.5 || t.box.height < 39.5)
  .map(t => `#${t.id} is ${Math.round(t.box.width)} by ${Math.round(t.box.height)}px`)"""


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


# --- reflow: large text and text spacing on phones --------------------------------------------

#: How far the page scrolls sideways, and the elements that stick out (for the message).
OVERFLOW = """() => {
  const root = document.scrollingElement;
  const limit = root.clientWidth;
  const wide = [...document.body.querySelectorAll('*')]
    .filter(e => !e.closest('.visually-hidden') && e.getBoundingClientRect().right > limit + 0.5)
    .slice(0, 6)
    .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> ends at `
              + `${Math.round(e.getBoundingClientRect().right)}px: `
              + (e.textContent || '').trim().slice(0, 50));
  return {scroll: root.scrollWidth, client: limit, wide: wide};
}"""


#: Every control drawn wider than the content box of the element it sits in: a control that
#: only just fits today (a file input's default width) sticks out with the next Chromium.
WIDE_CONTROLS = """() => [...document.body.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button, .button')]
  .filter(e => e.getClientRects().length && !e.closest('.visually-hidden'))
  .map(e => {
    const box = e.getBoundingClientRect();
    const parent = e.parentElement;
    const style = getComputedStyle(parent);
    const outer = parent.getBoundingClientRect();
    const left = outer.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
    const right = outer.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
    return {what: `<${e.tagName.toLowerCase()} id="${e.id}" type="${e.type || ''}">`,
            left: box.left, right: box.right, from: left, to: right};
  })
  .filter(c => c.left < c.from - 0.5 || c.right > c.to + 0.5)
  .map(c => `${c.what} spans ${Math.round(c.left)}-${Math.round(c.right)}px in a box of `
            + `${Math.round(c.from)}-${Math.round(c.to)}px`)"""



#: WCAG 1.4.12 text spacing, as a stylesheet the page adopts (CSP allows it, unlike <style>).
TEXT_SPACING = """on => {
  if (!window.__spacing) {
    window.__spacing = new CSSStyleSheet();
    window.__spacing.replaceSync('* { line-height: 1.5 !important; '
      + 'letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } '
      + 'p { margin-bottom: 2em !important; }');
  }
  document.adoptedStyleSheets = on ? [window.__spacing] : [];
  return getComputedStyle(document.body).letterSpacing;
}"""
TEXT_SIZE = "size => { document.documentElement.style.fontSize = size; }"
#: Widths of small phones (WCAG 1.4.10's 320 CSS pixels, and a common 390).
WIDTHS = (320, 390)


def reflow_problems(page: Any) -> list[str]:
    """At 320 and 390 pixels, with text at 200% and WCAG text spacing, nothing is wider than
    the window (a phone would zoom the page out, or scroll sideways).

    Both at once: each only ever widens text (the page's media queries are in em, which
    large text does not change), so what fits with both fits with either.
    """
    problems = []
    viewport = page.viewport_size
    try:
        page.evaluate(TEXT_SIZE, "200%")
        assert page.evaluate(TEXT_SPACING, True) != "normal", "the text spacing was not applied"
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 740})
            found = page.evaluate(OVERFLOW)
            if found["scroll"] > found["client"]:
                problems.append(f"{width}px: {found['scroll']}px wide; sticking out: "
                                + "; ".join(found["wide"]))
            problems += [f"{width}px: {wide}" for wide in page.evaluate(WIDE_CONTROLS)]
    finally:
        page.evaluate(TEXT_SIZE, "")
        page.evaluate(TEXT_SPACING, False)
        page.set_viewport_size(viewport)
    return problems


# --- axe-core ---------------------------------------------------------------------------------

#: axe-core tags: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


#: The rules of :data:`AXE_TAGS` whose outcome can change with the window's width: the size
#: and spacing of targets, regions that scroll, content outside landmarks, and tables (the
#: medicines and the diary's nights become one card a row below 48em, style.css). When this
#: list was made, every other rule gave the same passes, violations, incomplete and
#: inapplicable nodes at 360 as at 1280 pixels on every page state of test_every_state.py;
#: of these, only ``region`` differed (in its passes, on the summary).
WIDTH_RULES = ("target-size", "scrollable-region-focusable", "region", "td-headers-attr",
               "th-has-data-cells", "table-duplicate-name", "scope-attr-valid")


def axe_problems(page: Any, axe_script: str | None, skip: Iterable[str] = (),
                 only: Iterable[str] | None = None) -> list[str]:
    """axe-core's WCAG and best-practice violations on the page as it is now.

    ``axe_script`` is put in the page first (None: it is there already); ``skip`` names
    rules not to run; ``only``, if given, the only rules to run.
    """
    if axe_script:
        page.evaluate(axe_script)
    chosen = ({"type": "rule", "values": [rule for rule in only if rule not in skip]}
              if only is not None else {"type": "tag", "values": AXE_TAGS})
    response = page.evaluate("options => axe.run(document, options)", {
        "runOnly": chosen, "resultTypes": ["violations"],
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
