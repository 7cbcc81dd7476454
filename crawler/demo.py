"""The offline demo: the real spiders crawl local copies of the five sites.

A local forward proxy (crawler.fixture_server) answers for the sites' real host names from
crawler/demo_sites (package data, so an installed `schoolnews demo` works; the test suite's
fixture sites too), and the crawl finds it through the standard http_proxy / https_proxy
variables, exactly as a user behind an institutional proxy would run it.
"""

from __future__ import annotations

import os
from pathlib import Path

FIXTURE_SITES = Path(__file__).resolve().parent / "demo_sites"


def proxy_environment(proxy_url: str) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        os.environ[name] = proxy_url
    for name in ("no_proxy", "NO_PROXY"):
        os.environ.pop(name, None)
