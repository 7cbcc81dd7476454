"""Small generated sites served by `python -m http.server` on a random port.

Used where the fixture proxy does not fit: sites on a non-default port, sites that change
between runs (a layout change), feed-only sites.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from pathlib import Path

WORDS = [
    "school",
    "enterprise",
    "cooperation",
    "vocational",
    "training",
    "agreement",
    "delegation",
    "visit",
    "students",
    "teachers",
    "workshop",
    "partnership",
    "apprenticeship",
    "programme",
    "signing",
    "ceremony",
    "college",
    "campus",
    "industry",
    "skills",
    "curriculum",
    "exchange",
]


def article_html(title: str, day: str, number: int) -> str:
    # Distinct texts per article: every article is a new document, none a duplicate.
    sentences = [
        " ".join(WORDS[(number * 7 + i * 3 + j) % len(WORDS)] for j in range(12)).capitalize()
        + f" (report {number}, paragraph {i})."
        for i in range(8)
    ]
    body = "".join(f"<p>{s} {s}</p>" for s in sentences)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<div class='nav'><a href='/main.htm'>Home</a></div><article><h1>{title}</h1>"
        f"<p class='date'>Published {day}</p>{body}</article></body></html>"
    )


def _page(links: list[str], title: str = "News", extra_head: str = "") -> str:
    items = "".join(f"<li><a href='{href}'>{text}</a></li>" for href, text in links)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title>{extra_head}</head>"
        f"<body><h1>{title}</h1><ul>{items}</ul></body></html>"
    )


def write(root: Path, path: str, text: str) -> None:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def webplus_site(root: Path, columns: int = 2, per_page: int = 4, pages: int = 2) -> list[str]:
    """A WebPlus-style site: /main.htm, /colN/list.htm, list2.htm…, article page.htm files.
    Returns the article paths."""
    articles = []
    columns_links = []
    for col in range(1, columns + 1):
        columns_links.append((f"/col{col}/list.htm", f"Column {col}"))
        for page in range(1, pages + 1):
            links = []
            for i in range(per_page):
                number = col * 1000 + page * 100 + i
                day = f"2024-{(number % 12) + 1:02d}-{(i % 27) + 1:02d}"
                path = f"/2024/{day[5:7]}{day[8:]}/c{col}a{number}/page.htm"
                write(root, path, article_html(f"News item {number} of column {col}", day, number))
                articles.append(path)
                links.append((path, f"News item {number}"))
            if page < pages:
                links.append((f"/col{col}/list{page + 1}.htm", "Next"))
            name = "list.htm" if page == 1 else f"list{page}.htm"
            write(root, f"/col{col}/{name}", _page(links, f"Column {col}"))
    write(root, "/main.htm", _page(columns_links, "Generated WebPlus College"))
    write(root, "/index.html", _page(columns_links, "Generated WebPlus College"))
    return articles


def relayout_lists(root: Path, columns: int = 2, pages: int = 2) -> None:
    """A layout change: list pages now link articles in a shape no profile knows."""
    for col in range(1, columns + 1):
        for page in range(1, pages + 1):
            name = "list.htm" if page == 1 else f"list{page}.htm"
            write(
                root,
                f"/col{col}/{name}",
                _page([(f"/newsview/{col}-{page}-{i}", "item") for i in range(3)]),
            )


def feed_site(root: Path, base: str, count: int = 6) -> list[str]:
    """A site whose articles are linked only from an RSS feed and an Atom feed (the home page
    links no article; it advertises the Atom feed). Returns the article paths."""
    articles = []
    for number in range(count):
        day = f"2024-05-{number + 1:02d}"
        path = f"/{day.replace('-', '/')}/story-{number}.html"
        write(root, path, article_html(f"Feed story {number}", day, number + 50))
        articles.append(path)
    rss_items = "".join(
        f"<item><title>Story {i}</title><link>{base}{p}</link></item>"
        for i, p in enumerate(articles[: count // 2])
    )
    write(
        root,
        "/feed.xml",
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>F"
        f"</title><link>{base}/</link>{rss_items}</channel></rss>",
    )
    atom_entries = "".join(
        f"<entry><title>Story {i}</title><id>{base}{p}</id><link href='{base}{p}'/>"
        f"<updated>2024-05-01T00:00:00Z</updated></entry>"
        for i, p in enumerate(articles[count // 2 :])
    )
    write(
        root,
        "/atom.xml",
        "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>F</title><id>{base}/</id>"
        f"<updated>2024-05-01T00:00:00Z</updated>{atom_entries}</feed>",
    )
    head = "<link rel='alternate' type='application/atom+xml' href='/atom.xml'>"
    write(root, "/index.html", _page([("/about.html", "About us")], "Feed School", head))
    return articles


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def http_server(root: Path, port: int | None = None):
    """`python -m http.server` over `root`; yields its base URL (http://127.0.0.1:PORT)."""
    port = port or free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(root),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=0.2),
            ):
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
