"""The design card done naively in one file: the baseline bench/crawl.py compares against.

    .venv/bin/python -m bench.naive_pipeline START_URL ARTICLE_REGEX sqlite:///FILE

A CrawlSpider follows every link of the start URL's host; each page whose URL matches
ARTICLE_REGEX goes through `trafilatura.extract`, langdetect on the full text and sha256, and
is stored with one SQLAlchemy INSERT (and commit) per item. No politeness (capacity, not
manners), no incremental state, no near-duplicates, no raw page kept. Proxies come from the
environment (http_proxy / https_proxy), as for `schoolnews crawl`. Prints the documents stored.
"""

from __future__ import annotations

import hashlib
import sys
from urllib.parse import urlsplit

import sqlalchemy as sa
import trafilatura
from langdetect import DetectorFactory, LangDetectException, detect
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule

DetectorFactory.seed = 0

METADATA = sa.MetaData()
DOCS = sa.Table(
    "docs",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("url", sa.Text, unique=True),
    sa.Column("text", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("sha256", sa.String(64), unique=True),
)


class NaiveSpider(CrawlSpider):
    name = "naive"

    def __init__(self, start: str, article: str, db_url: str, **kwargs) -> None:
        self.start_urls = [start]
        self.allowed_domains = [urlsplit(start).hostname]
        self.rules = (
            Rule(LinkExtractor(allow=article), callback="parse_article", follow=True),
            Rule(LinkExtractor(), follow=True),
        )
        super().__init__(**kwargs)
        self.engine = sa.create_engine(db_url)
        METADATA.create_all(self.engine)
        self.stored = 0

    def parse_article(self, response):
        text = trafilatura.extract(response.text)
        if not text:
            return
        try:
            language = detect(text)
        except LangDetectException:
            language = "und"
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        try:
            with self.engine.begin() as db:
                db.execute(
                    DOCS.insert().values(
                        url=response.url, text=text, language=language, sha256=digest
                    )
                )
            self.stored += 1
        except sa.exc.IntegrityError:
            pass  # a duplicate text: the unique hash decides

    def closed(self, reason: str) -> None:
        self.engine.dispose()
        print(f"naive: {self.stored} documents stored ({reason})")


def main() -> None:
    start, article, db_url = sys.argv[1:4]
    process = CrawlerProcess(
        {
            "LOG_LEVEL": "WARNING",
            "ROBOTSTXT_OBEY": False,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
        }
    )
    process.crawl(NaiveSpider, start=start, article=article, db_url=db_url)
    process.start()


if __name__ == "__main__":
    main()
