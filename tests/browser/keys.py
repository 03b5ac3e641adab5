"""A keyboard-only patient: Tab and Shift+Tab to move, Space, arrows and Enter to act.

Nothing here clicks or fills: every field is reached with Tab (or Shift+Tab) and typed into
with the keyboard. Each element the focus lands on must show where the focus is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: What the focused element is, read from the page after each key press.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name') || '',
          value: e.value ?? '', type: e.getAttribute('type') || '',
          role: e.getAttribute('role') || '', checked: !!e.checked,
          text: (e.textContent || '').replace(/\\s+/g, ' ').trim(),
          visible_focus: outline || style.boxShadow !== 'none'};
}"""


def wait_for_focus(page: Any, selector: str, seconds: float = 3) -> None:
    """The page put the focus on ``selector`` by itself (autofocus), within a moment.

    Polled from here, not with wait_for_function: that needs the page's JavaScript on.
    """
    deadline = time.monotonic() + seconds
    check = "s => !!document.activeElement && document.activeElement.matches(s)"
    while not page.evaluate(check, selector):
        if time.monotonic() > deadline:
            focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
            raise AssertionError(f"the focus is not on {selector} but on {focused}")
        time.sleep(0.05)


@dataclass
class Focus:
    tag: str
    id: str
    name: str
    value: str
    type: str
    role: str
    checked: bool
    text: str
    visible_focus: bool

    def __str__(self) -> str:
        ident = f"#{self.id}" if self.id else f" {self.text[:40]!r}"
        return f"<{self.tag}{ident}{f' value={self.value!r}' if self.type else ''}>"

    @property
    def acts_as_button(self) -> bool:
        return self.tag == "button" or self.role == "button"


class KeyboardPatient:
    """Moves through a page with the keyboard alone."""

    def __init__(self, page: Any, limit: int = 90) -> None:
        self.page = page
        self.limit = limit

    def focused(self) -> Focus | None:
        found = self.page.evaluate(FOCUSED)
        return Focus(**found) if found else None

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def tab_to(self, wanted: Callable[[Focus], bool], what: str,
               backwards: bool = False) -> Focus:
        """Press Tab (or Shift+Tab) until the focus is on ``what``; every stop must show focus."""
        visited: list[str] = []
        for _ in range(self.limit):
            self.press("Shift+Tab" if backwards else "Tab")
            now = self.focused()
            if now is None:
                visited.append("(nothing)")
                continue
            assert now.visible_focus, f"no visible focus indicator on {now} ({self.page.url})"
            visited.append(str(now))
            if wanted(now):
                return now
        raise AssertionError(f"{'Shift+Tab' if backwards else 'Tab'} never reached {what} on "
                             f"{self.page.url}; focus went: {', '.join(visited)}")

    # -- fields --------------------------------------------------------------------------
    def choose(self, question: str, value: str, backwards: bool = False) -> None:
        """A radio group: Tab into it, then Space or the arrow keys to select ``value``."""
        now = self.tab_to(lambda f: f.type == "radio" and f.name == question,
                          f"the {question} choices", backwards)
        values = self.page.evaluate(
            "name => [...document.getElementsByName(name)].map(e => e.value)", question)
        target = values.index(value)
        if now.value == value and not now.checked:
            self.press("Space")
        steps = target - values.index(now.value)
        for _ in range(abs(steps)):
            self.press("ArrowDown" if steps > 0 else "ArrowUp")
        chosen = self.focused()
        assert chosen and chosen.value == value and chosen.checked, \
            f"{question}: wanted {value!r} selected, focus is on {chosen}"

    def tick(self, question: str, value: str) -> None:
        """A checkbox: Tab to it and press Space."""
        now = self.tab_to(lambda f: f.type == "checkbox" and f.name == question
                          and f.value == value, f"the {question} box {value!r}")
        self.press("Space")
        after = self.focused()
        assert after and after.checked != now.checked, f"Space did not toggle {now}"

    def type_into(self, field_id: str, text: str, replace: bool = False,
                  backwards: bool = False) -> None:
        """A text field: Tab to it and type (Ctrl+A first to replace what is there)."""
        self.tab_to(lambda f: f.id == field_id, f"#{field_id}", backwards)
        if replace:
            self.press("Control+A")
        self.page.keyboard.type(text)

    def pick(self, field_id: str, label: str) -> None:
        """A drop-down list: Tab to it and press the arrow keys until ``label`` shows."""
        self.tab_to(lambda f: f.id == field_id, f"#{field_id}")
        labels = self.page.evaluate(
            "id => [...document.getElementById(id).options].map(o => o.text)", field_id)
        current = self.page.evaluate("id => document.getElementById(id).selectedIndex", field_id)
        steps = labels.index(label) - current
        for _ in range(abs(steps)):
            self.press("ArrowDown" if steps > 0 else "ArrowUp")
        shown = self.page.evaluate(
            "id => { const s = document.getElementById(id); "
            "return s.options[s.selectedIndex].text; }", field_id)
        assert shown == label, f"#{field_id} shows {shown!r}, wanted {label!r}"

    # -- links and buttons -----------------------------------------------------------------
    def activate(self, name: str, backwards: bool = False, exact: bool = True) -> Focus:
        """Tab to the link or button called ``name`` and use it as its role says.

        A button (or anything announced as one) is pressed with Space, a link with Enter;
        both must lead to a new page.
        """
        def named(f: Focus) -> bool:
            return f.text == name if exact else f.text.startswith(name)

        now = self.tab_to(lambda f: f.tag in ("a", "button") and named(f), repr(name),
                          backwards)
        key = "Space" if now.acts_as_button else "Enter"
        try:
            with self.page.expect_navigation():
                self.press(key)
        except Exception as error:
            raise AssertionError(f"{key} on {now} ({'button' if now.acts_as_button else 'link'})"
                                 f" did nothing on {self.page.url}") from error
        return now

    def submit_with_enter(self) -> None:
        """Press Enter in a text field: the form is sent, as in any browser."""
        with self.page.expect_navigation():
            self.press("Enter")
