"""Bare `trafilatura.extract` over a mirror's article files, one process: bench.crawl's baseline.

    python -m bench.bare MIRROR PATTERN

Its own module, importing nothing but trafilatura and the standard library, so the baseline
pays for Python and trafilatura alone. (Run as `bench.crawl --bare`, it also paid for
bench.crawl's imports, SQLAlchemy and the crawl service among them: 0.3-0.4 s of a 1.4 s run,
which flattered every ratio against it.) Prints the count of documents made.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import trafilatura


def main() -> None:
    mirror, pattern = Path(sys.argv[1]), re.compile(sys.argv[2])
    bodies = [
        path.read_bytes()
        for path in sorted(mirror.rglob("*.htm"))
        if pattern.search("/" + path.relative_to(mirror).as_posix())
    ]
    made = sum(1 for body in bodies if trafilatura.extract(body))
    print(f"bare: {made} documents of {len(bodies)} pages")


if __name__ == "__main__":
    main()
