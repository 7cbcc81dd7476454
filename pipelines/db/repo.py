"""Compatibility re-export for the three modules still written against `repo` (issue 12):
crawler/distributed.py, pipelines/extraction.py, pipelines/reextract.py. New code imports
from the module that owns a name: pages, documents, queries, rules, ledger, stories."""

from .documents import document_hashes, repair_contents, save_documents
from .ledger import mark_runs_killed, site_locked
from .pages import article_sites, count_pages_to_reextract, iter_pages_to_reextract

__all__ = [
    "article_sites", "count_pages_to_reextract", "document_hashes", "iter_pages_to_reextract",
    "mark_runs_killed", "repair_contents", "save_documents", "site_locked",
]
