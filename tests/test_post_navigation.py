"""A post's navigation to its neighbours leaves the end of its text (post_navigation.py)."""

from __future__ import annotations

import pytest

from pipelines.processing import NO_RULES, RawPage, process
from pipelines.processing.text_clean import clean_text

_STORY = (
    "The college signed an agreement with the regional hospital, creating placements.\n"
    "Forty nursing students will train on its wards from January."
)


@pytest.mark.parametrize(
    "lines",
    [
        ["Previous", "Culinary Team Wins Regional ProStart Invitational", "Next"],  # Squarespace
        ["Previous", "Culinary Team Wins", "Next", "Automotive Program Partners With Midwest"],
        ["« Previous Post", "Culinary Team Wins", "Next Post »", "Automotive Program Partners"],
        ["Older Post", "Culinary Team Wins"],
        ["上一篇", "我校召开教学工作会议", "下一篇", "没有了"],
    ],
)
def test_the_posts_navigation_leaves_the_texts_end(lines):
    """Squarespace 7.1's item pagination ended a gallery post's short text with "Previous",
    the neighbour's title and "Next": titles that change as stories are added."""
    assert clean_text("\n".join([_STORY, *lines]), NO_RULES) == _STORY


@pytest.mark.parametrize(
    "lines",
    [
        ["Next steps", "The college will open a second ward in spring."],
        ["Previous winners include the welding team.", "Next"],  # a sentence is no title
    ],
)
def test_a_story_that_only_names_next_or_previous_keeps_its_lines(lines):
    text = "\n".join([_STORY, *lines])
    kept = clean_text(text, NO_RULES)
    assert kept.startswith(text.rsplit("\n", 1)[0])


def test_navigation_in_the_middle_of_a_text_stays():
    """Only a run at the text's end is navigation: a "Next" heading inside the story stays,
    and the story's last line before "Previous" is no neighbour's title."""
    text = f"{_STORY}\nNext\nThe partnership starts in January."
    assert clean_text(text, NO_RULES) == text
    assert clean_text(f"{_STORY}\nPrevious\nCulinary Team Wins", NO_RULES) == _STORY


_GALLERY = """<html><head><title>Scenes From the Fall Skills Showcase</title></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/events">Events</a></nav>
</header><main><article class="entry hentry">
<h1>Scenes From the Fall Skills Showcase</h1>
<span>By <a href="/news?author=3">Tom Kowalski</a></span>
<time datetime="2026-11-08">November 8, 2026</time>
<div class="blog-item-content e-content"><div class="sqs-html-content">
<p>Here are some of our favorite moments from the fall skills showcase.</p></div>
<div class="sqs-gallery">{figures}</div></div>
<footer><a href="/news?tag=showcase">showcase</a></footer></article>
<section class="item-pagination">
<a href="/news/2026/10/30/culinary-team-wins"><div>Previous</div>
<h2>Culinary Team Wins Regional ProStart Invitational</h2></a>
<a href="/news/2026/11/16/automotive-program-partners"><div>Next</div>
<h2>Automotive Program Partners With Midwest Auto Group</h2></a></section>
</main><footer>Lakeside Career &amp; Technical Center, 1200 Harbor Road</footer></body></html>"""
_FIGURE = (
    '<figure><img src="/g{n}.jpg" alt=""><figcaption><p>Students in program {n} demonstrate'
    " their skills for visitors ({n} of 8).</p></figcaption></figure>"
)


def test_a_gallery_posts_text_ends_with_its_story_not_its_neighbours():
    """A Squarespace trial's gallery post: a sentence and eight captions. Its short story's
    reading (extract._short_story) ended with the post's navigation."""
    figures = "".join(_FIGURE.format(n=n) for n in range(1, 9))
    page = RawPage(
        url="http://school.example/news/2026/11/8/scenes-from-the-fall-skills-showcase",
        body=_GALLERY.format(figures=figures).encode(),
        headers={"Content-Type": "text/html; charset=utf-8"},
        kind="article",
    )
    text = process(page, NO_RULES).text
    assert "Here are some of our favorite moments from the fall skills showcase." in text
    assert "Previous" not in text and "Culinary" not in text and not text.endswith("Next")
