"""How re-extraction cuts the stored pages into batches (one transaction each) and chunks (one
pool task each): the batches, which decide the stories, never depend on the chunk size, and a
chunk reaches the pool before the rest of its batch is read."""

from __future__ import annotations

import pytest

from pipelines.reextract import batch_chunks


@pytest.mark.parametrize(("items", "chunk_size"), [(23, 1), (23, 3), (23, 5), (20, 5), (4, 7)])
def test_batches_are_the_same_whatever_the_chunk_size(items, chunk_size):
    batches, batch = [], []
    for chunk, ends_batch in batch_chunks(range(items), 5, chunk_size):
        assert 0 < len(chunk) <= chunk_size
        batch += chunk
        if ends_batch:
            batches.append(batch)
            batch = []
    if batch:  # the short last batch: the items ran out
        batches.append(batch)
    whole = list(range(items))
    assert batches == [whole[i : i + 5] for i in range(0, items, 5)]


def test_a_chunk_is_handed_over_before_the_rest_of_its_batch_is_read():
    read = []

    def pages():
        for n in range(10):
            read.append(n)
            yield n

    chunks = batch_chunks(pages(), 10, 3)
    assert next(chunks) == ([0, 1, 2], False)
    assert read == [0, 1, 2]
