"""`python -m crawler.cli` runs `schoolnews` (tests and benchmarks start it this way)."""

import sys

from crawler.cli import main

sys.exit(main())
