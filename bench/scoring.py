"""Moved to tests/support/scoring.py (the test kit). This re-export keeps bench/real_pages.py
and bench/extraction.py, another change's files, working until their imports point there."""

from tests.support.scoring import Rate, Scores, prf, same_title

__all__ = ["Rate", "Scores", "prf", "same_title"]
