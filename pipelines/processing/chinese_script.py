"""The OpenCC converters, built once (each loads its dictionaries)."""

from __future__ import annotations

from opencc import OpenCC

TO_SIMPLIFIED = OpenCC("t2s")
TO_TRADITIONAL = OpenCC("s2t")
