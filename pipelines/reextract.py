"""Re-extraction: stored raw pages through `process` again, no network, in batches."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from pipelines.db import repo
from pipelines.db.session import session_scope, sessions
from pipelines.processing import ExtractionRules, NotADocument, RawPage, process

logger = logging.getLogger(__name__)


def batched(items: Iterable, size: int) -> Iterator[list]:
    """itertools.batched, which arrived only in Python 3.12."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class ReextractResult:
    pages: int = 0
    documents: int = 0
    changed: int = 0  # documents whose content hash differs from the stored one
    not_documents: int = 0
    failed: int = 0


def reextract(
    engine,
    rules_for: Callable[[str], ExtractionRules],
    site: str | None = None,
    batch_size: int = 200,
    on_page: Callable[[], None] | None = None,
) -> ReextractResult:
    result = ReextractResult()
    with sessions(engine)() as reader:
        for chunk in batched(repo.iter_article_pages(reader, site, batch=batch_size), batch_size):
            documents = []
            for stored in chunk:
                result.pages += 1
                page = RawPage(url=stored.url, body=stored.body, headers=stored.headers,
                               fetched_at=stored.fetched_at, requested_url=stored.requested_url,
                               status=stored.status, site=stored.site)
                try:
                    document = process(page, rules_for(stored.site))
                    documents.append((stored.id, stored.site, document))
                except NotADocument:
                    result.not_documents += 1
                except Exception:
                    result.failed += 1
                    logger.exception("re-extraction failed, stored document kept: %s", stored.url)
                if on_page:
                    on_page()
            with session_scope(engine) as writer:
                before = repo.document_hashes(writer, [page_id for page_id, _, _ in documents])
                repo.save_documents(writer, documents)
            result.documents += len(documents)
            result.changed += sum(
                1 for page_id, _, doc in documents if before.get(page_id) != doc.content_hash
            )
    with session_scope(engine) as session:
        repo.repair_contents(session)
    return result
