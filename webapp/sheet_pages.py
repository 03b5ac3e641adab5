"""How the printed sheet falls onto pages, worked out on the server.

The sheet is laid out from the summary model: this module says how wide each talking
point's two columns are.
"""

from __future__ import annotations

from .rules import TalkingPoint
from .words import plain

#: The left column's share (percent) of a talking point printed in two columns: what I want
#: to raise and ask on the left, why on the right. The stylesheet has a class for each.
SPLITS = (42, 50, 58, 66)


def point_split(point: TalkingPoint) -> int:
    """The left column's share that makes the point's two columns most even in height."""
    left = len(point.title or "") + len(plain(point.say)) + len(point.ask) + 60
    right = len(point.why) + 8 + 4 * len(point.sources)
    return min(SPLITS, key=lambda share: max(left / share, right / (100 - share)))
