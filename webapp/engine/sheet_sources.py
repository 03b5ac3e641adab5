"""How the printed sheet gives a source: its web address printed short, and the brief form
a shortened printout lists (:mod:`.sheet_fit`). The link, in the PDF too, keeps the whole
address, and so do the text and JSON formats."""

from __future__ import annotations

from urllib.parse import urlsplit

from .questionnaire import Source


def brief_source(source: Source) -> str:
    """A source as the shortened printout lists it: "Title (site.org, 2019)"."""
    site = urlsplit(source.url or "").netloc.removeprefix("www.")
    year = source.year or (source.date.year if source.date else None)
    details = ", ".join(str(item) for item in (site, year) if item)
    title = source.title or source.name
    return f"{title} ({details})" if details else title


#: The longest web address the sheet prints in full (characters, without "https://www.").
ADDRESS_LIMIT = 50


def printed_address(url: str) -> str:
    """A source's web address as the sheet prints it: without "https://" and "www.", and a
    long one cut after the last "/" that keeps it short, with "…" ("fda.gov/drugs/
    drug-safety-and-availability/…"). The title and date beside it find the document; the
    link in the PDF, and the text format, keep the full address."""
    shown = url.replace("https://", "", 1).replace("http://", "", 1).replace("www.", "", 1)
    if len(shown) <= ADDRESS_LIMIT:
        return shown
    cut = shown.rfind("/", 0, ADDRESS_LIMIT)
    return (shown[:cut + 1] if cut > 0 else shown[:ADDRESS_LIMIT]) + "…"
