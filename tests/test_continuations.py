"""A text cut into containers of one kind: the ones after the container trafilatura read are
put back (pipelines/processing/continuations.py). trafilatura read the first chunk of a
Wired article, the first post of a thread, and stopped there."""

from __future__ import annotations

from datetime import datetime

from pipelines.processing import RawPage, process

CHUNKS = [
    [
        "Instagram began testing hiding public like counts globally on Thursday, after "
        "experimenting with the design tweak in several individual markets abroad.",
        "People who upload photos and videos will still know how many people liked them, "
        "but that information just will not be seen by other users of the service.",
    ],
    [
        "The experiment is part of a larger effort to make the platform a less competitive "
        "place, where teenagers in particular feel less pressure to perform for an audience.",
        "Critics say the change does little for the creators who earn their living there, "
        "since brands will still ask them for the numbers before they sign a contract.",
    ],
    [
        "Business accounts will keep their analytics, the company said, and advertisers will "
        "see the same reports as before, so the market for sponsored posts will not change.",
        "The company did not say when the test would end or whether the change would stay.",
    ],
]


def _page(body: str, title: str = "Instagram hides likes") -> RawPage:
    html = (
        f"<html><head><title>{title}</title></head><body><header><nav><a href='/'>Home</a>"
        f"</nav></header><main><h1>{title}</h1>{body}</main><footer>© 2019</footer>"
        "</body></html>"
    )
    return RawPage(
        url="https://magazine.example/story/instagram-likes/",
        body=html.encode(),
        fetched_at=datetime(2024, 1, 1),
    )


def _chunks(extra: str = "") -> str:
    chunks = [
        "<div class='grid'><div class='body__container article__body'>"
        + "".join(f"<p>{p}</p>" for p in chunk)
        + "</div></div><div class='ad'><a href='/ad'>Advertisement</a></div>"
        for chunk in CHUNKS
    ]
    return f"<div class='article__chunks'>{''.join(chunks)}</div>{extra}"


def test_an_article_cut_into_chunks_is_read_whole_in_order():
    text = process(_page(_chunks())).text
    expected = [p for chunk in CHUNKS for p in chunk]
    assert [line for line in text.splitlines() if line in expected] == expected


def test_a_chunk_repeating_a_pull_quote_is_read_and_the_quote_not_written_twice():
    quoted = _chunks().replace(
        f"<p>{CHUNKS[1][0]}</p>", f"<p>{CHUNKS[0][1]}</p><p>{CHUNKS[1][0]}</p>", 1
    )
    lines = process(_page(quoted)).text.splitlines()
    expected = [p for chunk in CHUNKS for p in chunk]
    assert [line for line in lines if line in expected] == expected


def test_a_threads_posts_are_read_after_the_first():
    posts = [
        f"<div class='post'><p>{chunk[0]}</p><p>{chunk[1]}</p></div>"
        f"<div class='post-meta'><a href='/u/{n}'>user{n}</a></div>"
        for n, chunk in enumerate(CHUNKS)
    ]
    text = process(_page(f"<div class='thread'>{''.join(posts)}</div>", "Likes hidden")).text
    assert all(p in text for chunk in CHUNKS for p in chunk)


def test_a_bio_or_a_comment_box_in_the_articles_class_is_no_continuation():
    bio = (
        "<div class='grid'><div class='body__container article__body'><p>Jane Doe is a staff "
        "writer who covers social media and the business of the internet.</p></div></div>"
    )
    form = (
        "<div class='grid'><div class='body__container article__body'><h3>Leave a Reply</h3>"
        "<p>Your email address will not be published. Required fields are marked.</p>"
        "<p>Save my name, email, and website in this browser for the next time I comment."
        "</p><p><textarea name='comment'></textarea></p></div></div>"
    )
    one_chunk = (
        "<div class='article__chunks'><div class='grid'><div class='body__container "
        "article__body'>" + "".join(f"<p>{p}</p>" for c in CHUNKS for p in c) + "</div></div>"
    )
    text = process(_page(f"{one_chunk}{bio}{form}</div>")).text
    assert "staff writer" not in text
    assert "Leave a Reply" not in text and "Save my name" not in text
