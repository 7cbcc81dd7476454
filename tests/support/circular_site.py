"""A school whose circulars (通知公告) are PDFs a list page links, beside a news column of
HTML stories (tests/test_documents.py): the home page shows the newest five circulars and
the news; /tzgg/list.php lists all nine (PDF, one Word, one Excel); a story links its own
two attachments, as stories do."""

from __future__ import annotations

from .sitegen import _page, article_html

STORIES = [f"/news/show.php?id={n}" for n in range(101, 105)]
CIRCULARS = [f"/upload/tzgg/2024/t{n:03d}.pdf" for n in range(31, 24, -1)]
CIRCULARS += ["/upload/tzgg/2024/form.docx", "/upload/tzgg/2024/fees.xls"]


def circular_site(asked: list[str]):
    """The site's answer (cms_sites.answering): pages by path, recording every path asked."""
    news = [(path, f"学校新闻 {n}") for n, path in enumerate(STORIES)]
    circulars = [(path, f"通告 {n}") for n, path in enumerate(CIRCULARS)]
    menu = [("/news/list.php", "学校新闻"), ("/tzgg/list.php", "通知公告")]
    pages = {
        "/": _page([*menu, *news, *circulars[:5]], "学校"),
        "/news/list.php": _page([*menu, *news], "学校新闻"),
        "/tzgg/list.php": _page([*menu, *circulars], "通知公告"),
    }
    for n, path in enumerate(STORIES):
        story = article_html(f"Story {n}", "2024-05-01", n)
        files = "".join(f"<a href='/upload/news/{n}_{k}.pdf'>附件{k}</a>" for k in (1, 2))
        pages[path] = story.replace("</article>", files + "</article>")

    def answer(path: str, query: dict) -> str | None:
        asked.append(path)
        return pages.get(path + (f"?id={query['id']}" if "id" in query else ""))

    return answer
