"""Per-site inputs of extraction.

Everything extraction knows about a site arrives in one explicit, hashable value, so that
extraction stays a pure function: the same page and the same rules give the same document.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class ExtractionRules:
    # Names the site goes by: stripped from titles and from watermarks appended to paragraphs.
    site_names: tuple[str, ...] = ()
    # Extra regular expressions; a text line matching one is dropped.
    drop_lines: tuple[str, ...] = ()
    # Lines learned to repeat across many pages of the site (boilerplate), dropped verbatim.
    boilerplate: frozenset[str] = field(default_factory=frozenset)
    # A CSS selector for the story's headline, where the page's own markup misleads (a
    # <title> and <h1> that name the site and the section, the headline in an <h2>).
    headline: str | None = None

    @cached_property  # asked for every page the crawl hands to a worker; the fields are frozen
    def version(self) -> str:
        """A short fingerprint, recorded with every document extracted under these rules."""
        data = asdict(self)
        data["boilerplate"] = sorted(self.boilerplate)
        blob = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:8]


NO_RULES = ExtractionRules()
