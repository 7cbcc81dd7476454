"""A web firewall's challenge page, answered instead of the page asked for.

Chinese school and government sites sit behind firewalls (云锁 Yunsuo, 安全狗 Safedog, 加速乐,
Aliyun's) that answer a first visit with a tiny page whose script sets a cookie and reloads;
Cloudflare's "Just a moment…" does the same. A crawler without a browser gets that page for
every URL. It is no story and no app: say which firewall, so the user knows what to ask the
school for (to let the crawler through), instead of "no main text" or "drawn by JavaScript".
"""

from __future__ import annotations

import re

# Each firewall's own marks, in the page or its cookies.
_FIREWALLS = (
    ("Yunsuo 云锁", re.compile(rb"yunsuo_session_verify|security_verify_data|security_session_")),
    ("Safedog 安全狗", re.compile(rb"safedog", re.I)),
    ("Jiasule 加速乐", re.compile(rb"__jsl_clearance|__jsluid")),
    ("Aliyun WAF", re.compile(rb"acw_sc__v2|aliyun_waf")),
    ("Cloudflare", re.compile(rb"cf-browser-verification|challenge-platform|cf_chl_")),
)
# Any other: a short page whose script sets a cookie, then loads the page again.
_COOKIE_THEN_RELOAD = re.compile(
    rb"document\.cookie\s*=.{0,2000}?(?:location\.reload|location\.href\s*=|location\.replace)",
    re.S,
)
SMALL = 20_000  # bytes: a challenge is a few hundred; a real page that sets a cookie is larger
LITTLE_TEXT = 200  # bytes of text: a challenge page shows next to none
_MARKUP = re.compile(rb"<script.*?</script>|<style.*?</style>|<[^>]*>", re.S | re.I)


def firewall(body: bytes, headers: dict[str, str] | None = None) -> str | None:
    """The firewall whose challenge this response is ("a firewall"), or None. Only a page
    that shows next to no text: a story may name a firewall, or switch languages by cookie."""
    if len(body) > SMALL or len(_text_bytes(body)) >= LITTLE_TEXT:
        return None
    cookies = " ".join(v for k, v in (headers or {}).items() if k.lower() == "set-cookie")
    for name, marks in _FIREWALLS:
        if marks.search(body) or marks.search(cookies.encode("latin-1", "replace")):
            return name
    return "a firewall" if _COOKIE_THEN_RELOAD.search(body) else None


def _text_bytes(body: bytes) -> bytes:
    """The page's bytes outside scripts, styles and tags, without white space."""
    return re.sub(rb"\s+", b"", _MARKUP.sub(b"", body))


def reason(name: str) -> str:
    """The one line a user reads: what the page is and what to do."""
    return (
        f"a firewall's challenge page ({name}: a script sets a cookie and reloads), not the "
        "page: ask the site to let the crawler through"
    )
