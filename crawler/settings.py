"""Scrapy settings for schoolnews. Project settings take the SCHOOLNEWS_ prefix."""

import os

from scrapy.settings import default_settings as _scrapy_defaults

BOT_NAME = "schoolnews"
SPIDER_LOADER_CLASS = "crawler.spiderloader.RegistrySpiderLoader"

# The registry file (None: SCHOOLNEWS_SITES, else the bundled crawler/sites.toml) and database.
SCHOOLNEWS_SITES_FILE = os.environ.get("SCHOOLNEWS_SITES")
SCHOOLNEWS_DB = os.environ.get("SCHOOLNEWS_DB", "sqlite:///data/schoolnews.db")
# Pages a storage transaction writes (as reextract's batches): each batch pays fixed work (the
# story step's queries, the full-text index's flush and merges, the commit), about 40 ms of
# the crawl process's CPU at 50 pages; 200 took 6 % off its CPU per page in bench.crawl.
SCHOOLNEWS_DB_BATCH_SIZE = 200
# … or what has waited this long (seconds): a school site of 80 pages at one request a second
# was written only when its run ended, its progress saying "0 pages stored" throughout.
SCHOOLNEWS_DB_FLUSH_SECONDS = 30.0
SCHOOLNEWS_EXTRACTION_ENABLED = True
SCHOOLNEWS_EXTRACTION_WORKERS = None  # extraction processes; None: cores - 1, 0: inline
SCHOOLNEWS_STORAGE_ENABLED = True
# Pages over this many bytes are stored raw, never extracted (pipelines/processing/size_cap.py);
# None: the environment's SCHOOLNEWS_MAX_PAGE_BYTES, else 5 MiB; 0: no cap.
SCHOOLNEWS_MAX_PAGE_BYTES = None
# Bounds per site run (crawler/traps.py), unless its registry entry sets max_pages,
# max_minutes, max_depth; 0 turns one off.
SCHOOLNEWS_MAX_PAGES = 5000  # requests sent
SCHOOLNEWS_MAX_MINUTES = 180.0
SCHOOLNEWS_MAX_DEPTH = 100  # list pages (pagination steps) from a start page
SCHOOLNEWS_PROGRESS_INTERVAL = 10.0  # seconds between progress lines; 0 turns them off
# Incremental runs: skip stored articles until due, re-check them conditionally.
SCHOOLNEWS_INCREMENTAL = True
SCHOOLNEWS_FULL = False  # `crawl --full`: walk every list page, re-check every stored article
SCHOOLNEWS_RECHECK_DAYS = 30.0  # default re-check interval (registry: recheck_days per site)
SCHOOLNEWS_LOCK_OWNER = None  # set by `schoolnews crawl` while it holds the site locks
SCHOOLNEWS_MAX_FAILED_BATCHES = 3  # refused batches in a row that end the run (`failed`)
# Distributed crawl (`crawl --distributed --redis URL`, crawler/distributed/): its components
# are added by the DistributedAddon that distributed_settings() enables (the [distributed]
# extra need not be installed for a plain crawl).
SCHOOLNEWS_DISTRIBUTED = False
SCHOOLNEWS_REDIS_URL = os.environ.get("SCHOOLNEWS_REDIS")
SCHOOLNEWS_REDIS_PREFIX = "schoolnews"  # keys: <prefix>:<slug>:requests, …
SCHOOLNEWS_IDLE_CLOSE_SECONDS = 10.0  # a worker closes after the frontier is empty this long
SCHOOLNEWS_FRONTIER_POLL_SECONDS = 0.25  # how often an idle worker looks at the shared queue
SCHOOLNEWS_REDIS_GIVE_UP_SECONDS = 60.0  # Redis away this long: the worker's run fails
SCHOOLNEWS_WORKER_LEASE_SECONDS = 60.0  # a worker not heard of this long is dead
# The last worker fetches again the articles a dead worker took and never stored (else they
# are reported pending and its run fails).
SCHOOLNEWS_RECOVER_DEAD_SHARE = True

# Politeness: a research crawler identifies itself, obeys robots.txt and stays slow per host.
USER_AGENT = "schoolnews/0.1 (research crawler; +https://github.com/schoolnews/schoolnews)"
ROBOTSTXT_OBEY = True
# A robots.txt answered 5xx or 429 means "fetch nothing" (RFC 9309; crawler/robots.py).
SCHOOLNEWS_ROBOTS_UNREACHABLE_DISALLOW = True
CONCURRENT_REQUESTS = 16
# Scrapy starts this many asyncio tasks for every response to run its output through the
# pipelines; a page yields one item (and requests, scheduled at once), so the default 100 is
# 100 tasks a page on the reactor for nothing (about 8 % of its CPU in bench/crawl.py).
CONCURRENT_ITEMS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Old school servers are slow and flaky: wait, retry a little, never hang forever.
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2
# A 429 or 503 with Retry-After pauses the host that long (crawler/backoff.py); a longer pause
# is not waited out: the host's remaining requests are left for a later run. 0: off.
SCHOOLNEWS_RETRY_AFTER_MAX_SECONDS = 300.0
# A robots.txt's Crawl-delay spaces the host's requests (crawler/robots.py), up to this. 0: off.
SCHOOLNEWS_CRAWL_DELAY_MAX_SECONDS = 60.0
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy's RemoteControl (on by default since 2.19) serves an HTTP endpoint that runs Python
# code sent to it, for the whole crawl; a crawler of other people's sites has no use for it.
# Off, and left out of Scrapy's base extensions so that it is not even imported: Scrapy loads
# every class named there, even one set to None, and its module imports aiohttp (~0.2 s CPU
# at every start). The other base extensions stay as Scrapy ships them.
REMOTE_CONTROL_ENABLED = False
EXTENSIONS_BASE = {
    path: order
    for path, order in _scrapy_defaults.EXTENSIONS_BASE.items()
    if path != "scrapy.extensions.remote_control.RemoteControl"
}
# http_proxy / https_proxy / no_proxy from the environment (HttpProxyMiddleware, on by default).
HTTPPROXY_ENABLED = True

ITEM_PIPELINES = {
    "pipelines.extraction.ExtractionPipeline": 300,
    "pipelines.shared_titles.SharedTitles": 700,
    "pipelines.storage.StoragePipeline": 800,
}
EXTENSIONS = {"crawler.progress.Progress": 500}
SPIDER_MIDDLEWARES = {"crawler.traps.TrapFilter": 950}  # next to the spider: sees its links
DOWNLOADER_MIDDLEWARES = {
    "crawler.traps.Budget": 50,  # first: a cut request goes nowhere
    # Scrapy's, with every request that waits for a host's robots.txt checked against it
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.RobotsTxt": 100,
    "crawler.robots.UnreachableRobots": 540,  # below RetryMiddleware: robots.txt's last answer
    "crawler.robots.CrawlDelay": 545,  # below RobotsTxtMiddleware: robots.txt read first
    "crawler.backoff.RetryAfter": 555,  # above RetryMiddleware: reads a 429/503 before it
}
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
