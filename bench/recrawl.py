"""Re-crawl benchmark: what a second (incremental) run over an unchanged site costs, and
resuming.

    .venv/bin/python -m bench.recrawl [--articles 400] [--per-page 20]

Generates a WebPlus-style site (one column, `--articles` articles, `--per-page` per list
page), serves it through the fixture proxy, and crawls it with the real CLI:
  1. a first crawl (everything new);
  2. a routine second crawl over the unchanged site: requests and bytes as a fraction of the
     first (target <= 10 %);
  3. `crawl --full` over the unchanged site (every article re-checked with a conditional
     request: 304s);
  4. a crawl killed (SIGKILL) halfway, and the time the next crawl takes to finish the job.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from crawler.fixture_server import FixtureServer

ROOT = Path(__file__).resolve().parents[1]

HOST = "bench.school.example"
FAST = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    "-s",
    "SCHOOLNEWS_PROGRESS_INTERVAL=0",
]
# Pseudo-words from syllables: a vocabulary large enough that articles differ as real ones do.
_SYLLABLES = "ka lo mi ne sa tu ri po ve da zu he li mo ba ne xi qu an en".split()  # noqa: SIM905


def page(title: str, body: str) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title} - Bench College</title></head>"
        f"<body><div class='nav'><a href='/main.htm'>Home</a> <a href='/10/list.htm'>News"
        f"</a></div><h1>{title}</h1>{body}<div class='footer'>Bench College</div>"
        "</body></html>"
    )


def build_bench_site(root: Path, articles: int, per_page: int) -> Path:
    """The site under root/sites and a registry naming it (slug `bench`); returns the registry."""
    build_site(root / "sites", articles, per_page)
    registry = root / "sites.toml"
    registry.write_text(
        f"[sites.bench]\nname = 'Bench College'\nprofile = 'webplus'\n"
        f"start_urls = ['https://{HOST}/main.htm']\n"
    )
    return registry


def build_site(root: Path, articles: int, per_page: int) -> None:
    import random

    rng = random.Random(7)
    words = sorted(
        {"".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(5000)}
    )
    site = root / "bench"
    mirror = site / "mirror"
    (mirror / "10").mkdir(parents=True)
    (site / "site.json").write_text(
        json.dumps(
            {
                "slug": "bench",
                "host": HOST,
                "scheme": "https",
                "content_type": "text/html; charset=utf-8",
            }
        )
    )
    (mirror / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    urls = []
    for n in range(articles):
        path = f"/2024/{1 + n % 12:02d}{1 + n % 28:02d}/c10a{1000 + n}/page.htm"
        urls.append(path)
        paragraphs = "".join(
            "<p>" + " ".join(rng.choice(words) for _ in range(60)).capitalize() + ".</p>"
            for _ in range(5)
        )
        file = mirror / path.lstrip("/")
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(
            page(
                f"Article {n}: {rng.choice(words)} {rng.choice(words)}",
                f"<p>Date: 2024-01-{1 + n % 28:02d}</p>{paragraphs}",
            )
        )
    pages = [urls[i : i + per_page] for i in range(0, len(urls), per_page)]
    for number, chunk in enumerate(pages, start=1):
        items = "".join(
            f"<li><a href='{u}'>Article headline number {u[-18:-9]}</a></li>" for u in chunk
        )
        pager = " ".join(
            f"<a href='/10/list{'' if p == 1 else p}.htm'>{p}</a>" for p in range(1, len(pages) + 1)
        )
        name = "list.htm" if number == 1 else f"list{number}.htm"
        (mirror / "10" / name).write_text(page("News", f"<ul>{items}</ul><div>{pager}</div>"))
    (mirror / "main.htm").write_text(page("Home", "<p>Welcome.</p>"))


def crawl(env, registry: Path, db_url: str, *extra: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "crawl",
            "bench",
            "--sites",
            str(registry),
            "--db",
            db_url,
            *FAST,
            *extra,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    return time.perf_counter() - started


def last_run(db_url: str) -> dict:
    engine = sa.create_engine(db_url)
    with engine.connect() as db:
        row = db.execute(sa.text("select * from crawl_runs order by id desc limit 1")).mappings()
        run = dict(row.one())
    engine.dispose()
    return run


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--per-page", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        registry = build_bench_site(root, args.articles, args.per_page)
        with FixtureServer(root / "sites") as server:
            env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
            env.update(http_proxy=server.url, https_proxy=server.url)
            db_url = f"sqlite:///{root / 'bench.db'}"
            print(f"site: {args.articles} articles, {args.per_page} per list page")
            rows = []
            for label, extra in (
                ("first crawl", ()),
                ("second, unchanged", ()),
                ("--full, unchanged", ("--full",)),
            ):
                server.clear_log()
                seconds = crawl(env, registry, db_url, *extra)
                run = last_run(db_url)
                sent = sum(r.bytes_sent for r in server.requests)
                rows.append((label, len(server.requests), sent, seconds, run))
            first = rows[0]
            print(
                f"{'run':<20}{'requests':>9}{'bytes':>11}{'% req':>7}{'% bytes':>8}"
                f"{'secs':>7}  new/upd/same/304/not-due"
            )
            for label, requests, sent, seconds, run in rows:
                print(
                    f"{label:<20}{requests:>9}{sent:>11}{100 * requests / first[1]:>6.1f}%"
                    f"{100 * sent / first[2]:>7.1f}%{seconds:>7.1f}  {run['new_documents']}/"
                    f"{run['updated']}/{run['unchanged']}/{run['not_modified']}/"
                    f"{run['not_due']}"
                )

            # Kill a crawl halfway through a fresh database, then resume.
            db_url = f"sqlite:///{root / 'killed.db'}"
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "crawler.cli",
                    "crawl",
                    "bench",
                    "--sites",
                    str(registry),
                    "--db",
                    db_url,
                    *FAST,
                    "-s",
                    "DOWNLOAD_DELAY=0.01",
                    "-s",
                    "CONCURRENT_REQUESTS_PER_DOMAIN=1",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            engine = sa.create_engine(db_url)
            stored = 0
            while stored < args.articles // 2 and process.poll() is None:
                time.sleep(0.2)
                try:
                    with engine.connect() as db:
                        stored = db.execute(sa.text("select count(*) from documents")).scalar()
                except sa.exc.OperationalError:
                    pass
            process.send_signal(signal.SIGKILL)
            process.wait()
            with engine.connect() as db:
                before = db.execute(sa.text("select count(*) from documents")).scalar()
            seconds = crawl(env, registry, db_url)
            with engine.connect() as db:
                after = db.execute(sa.text("select count(*) from documents")).scalar()
                distinct = db.execute(
                    sa.text("select count(distinct page_id) from documents")
                ).scalar()
            engine.dispose()
            print(
                f"killed (SIGKILL) with {before} of {args.articles} articles stored; the "
                f"next crawl finished in {seconds:.1f} s with {after} documents "
                f"({distinct} distinct pages, {after - before} added)"
            )


if __name__ == "__main__":
    main()
