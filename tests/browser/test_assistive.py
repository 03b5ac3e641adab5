"""What a screen reader user hears and what changes on screen as a patient answers.

- Each talking point's box is named after its point, in one named group.
"""

from __future__ import annotations

import re


def test_each_talking_point_box_names_its_point_in_one_group(visit):
    patient = visit()
    page = patient.page
    patient.load_patient()
    patient.go("/talking-points")
    group = page.get_by_role("group", name="Which points do you want on your printout?")
    boxes = group.get_by_role("checkbox")
    titles = page.locator(".point-title").all_inner_texts()
    assert boxes.count() == len(titles) >= 5
    for number, title in enumerate(titles, 1):
        point = re.sub(r"\s+safety$", "", title.split(". ", 1)[1], flags=re.IGNORECASE)
        name = f"Include point {number} in my printout – {point}"
        assert group.get_by_role("checkbox", name=name, exact=True).count() == 1, name
