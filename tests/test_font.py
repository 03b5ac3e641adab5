"""The app's own font: every file the stylesheet names is served by the app, with its licence."""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "webapp" / "static"
URLS = re.compile(r'url\("([^"]+)"\)')


def test_every_font_the_stylesheet_names_is_served_by_the_app(client):
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    fonts = URLS.findall(css)
    assert len(fonts) >= 3, "regular, bold and italic at least"
    for name in fonts:
        with client.get(f"/static/{name}") as response:
            assert response.status_code == 200, name
            assert response.mimetype == "font/woff2", name
            assert response.data == (STATIC / name).read_bytes()
            assert response.data[:4] == b"wOF2", f"{name} is not a WOFF2 file"


def test_the_font_licence_is_kept_beside_the_fonts():
    licence = (STATIC / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Braille Institute" in licence
