"""`schoolnews record SLUG URL`: keep a real page as an extraction fixture.

Saves what extraction reads (the body bytes, URL, status, headers, fetch time and the site's
extraction rules) under `tests/fixtures/pages/<slug>/`, with what extraction makes of it now
as `<name>.expected.json`, for a person to review and commit (scrapy-poet's `savefixture`
habit). tests/test_recorded_pages.py runs extraction over every recorded page and compares:
a site that changes its HTML, or a change to extraction, shows up as a failing test.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from crawler.fetch import FetchError, fetch
from crawler.registry import Site
from pipelines.processing import ExtractionRules, NotADocument, RawPage, process

DEFAULT_DIR = Path("tests") / "fixtures" / "pages"
# Not compared: it names library versions, which change without the output changing.
UNCOMPARED = ("extractor_version",)


def fixture_name(url: str) -> str:
    parts = urlsplit(url)
    name = (parts.path.strip("/") or "index") + ("_" + parts.query if parts.query else "")
    return re.sub(r"[^A-Za-z0-9.-]+", "_", name).strip("_")[-100:]


def expected_output(page: RawPage, rules: ExtractionRules) -> dict:
    """What extraction makes of the page, as JSON: the document, or why it is none."""
    try:
        document = process(page, rules).to_dict()
    except NotADocument as reason:
        return {"not_a_document": str(reason)}
    return {k: v for k, v in document.items() if k not in UNCOMPARED}


def load_recorded(meta_path: Path) -> tuple[RawPage, ExtractionRules, dict]:
    """(page, rules, expected output) of a recorded fixture, from its .meta.json."""
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    stem = meta_path.name.removesuffix(".meta.json")
    body = (meta_path.parent / meta["body_file"]).read_bytes()
    page = RawPage(
        url=meta["url"],
        body=body,
        headers=meta["headers"],
        fetched_at=datetime.fromisoformat(meta["fetched_at"]),
        requested_url=meta["requested_url"],
        status=meta["status"],
        site=meta["site"],
    )
    rules = ExtractionRules(
        site_names=tuple(meta["rules"]["site_names"]), drop_lines=tuple(meta["rules"]["drop_lines"])
    )
    expected = json.loads((meta_path.parent / f"{stem}.expected.json").read_text("utf-8"))
    return page, rules, expected


def record(site: Site, url: str, directory: Path = DEFAULT_DIR) -> tuple[Path, dict]:
    """Fetch and save the page; returns the .meta.json path and the expected output."""
    fetched = fetch(url)
    if not 200 <= fetched.status < 300:  # an error page is no fixture of what a site says
        raise FetchError(f"{fetched.url} answered HTTP {fetched.status}: nothing recorded")
    name = fixture_name(fetched.url)
    folder = directory / site.slug
    folder.mkdir(parents=True, exist_ok=True)
    body_file = f"{name}.body"
    (folder / body_file).write_bytes(fetched.body)
    rules = site.extraction_rules()
    meta = {
        "site": site.slug,
        "url": fetched.url,
        "requested_url": url,
        "status": fetched.status,
        "headers": fetched.headers,
        "fetched_at": fetched.fetched_at.isoformat(),
        "body_file": body_file,
        "rules": {"site_names": list(rules.site_names), "drop_lines": list(rules.drop_lines)},
    }
    meta_path = folder / f"{name}.meta.json"
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", "utf-8")
    page = RawPage(
        url=fetched.url,
        body=fetched.body,
        headers=fetched.headers,
        fetched_at=fetched.fetched_at,
        requested_url=url,
        status=fetched.status,
        site=site.slug,
    )
    expected = expected_output(page, rules)
    (folder / f"{name}.expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    return meta_path, expected
