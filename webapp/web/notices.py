"""Notices: what just happened, in words a patient sees and a screen reader announces.

A notice answers the patient's last action ("Your answer added a question to this page").
The page it lands on names it in its title and moves the focus to it (base.html), as
GOV.UK pages do for errors, so it is heard at once, not found by chance later.
"""

from __future__ import annotations

from flask import flash


def notify(title: str, text: str, kind: str = "info") -> None:
    """Show ``text`` on the next page, with ``title`` at the start of its page title.

    ``kind`` is ``info`` or ``success`` (the notice's colour).
    """
    flash({"title": title, "text": text}, kind)  # type: ignore[arg-type]  # any session value
