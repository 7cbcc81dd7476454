"""page_signals: a card grid with teaser sentences at a section URL is a listing; the same
cards beside a real article, at a slug URL, keep the article."""

from __future__ import annotations

import pytest

from pipelines.processing import NotADocument, RawPage, process

_TEASER = ("Students and teachers met this week to talk about the new timetable, the library "
           "hours and the spring concert, and the council will answer questions next month.")
_CARDS = "".join(
    f'<div class="card"><h3><a href="/news/story-number-{i}-about-school-life">Story number {i} '
    f"about school life and the week ahead</a></h3>"
    + "".join(f"<p>Part {j} of story {i}. {_TEASER}</p>" for j in range(3)) + "</div>"
    for i in range(12)
)
_ARTICLE = " ".join(
    f"<p>Paragraph {i}: the school board voted on Tuesday to extend the reading programme to "
    "every primary school in the district, after a pilot year in which pupils in the programme "
    "read more books and reported enjoying lessons more than before the change.</p>"
    for i in range(8)
)


def _page(url: str, main: str) -> RawPage:
    html = (f"<html><head><title>Page</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<main>{main}</main></body></html>")
    return RawPage(url=url, body=html.encode(), headers={"Content-Type": "text/html"})


def test_card_grid_at_a_section_root_is_a_listing():
    with pytest.raises(NotADocument, match="a listing page"):
        process(_page("https://school.example/news/", "<h1>News</h1>" + _CARDS))


def test_article_beside_cards_is_kept():
    main = ("<h1>Board extends the reading programme to every primary school</h1>"
            f"<article>{_ARTICLE}</article><aside>{_CARDS[:2000]}</aside>")
    doc = process(_page("https://school.example/news/2026/03/board-extends-reading-programme",
                        main))
    assert "reading programme" in doc.text
