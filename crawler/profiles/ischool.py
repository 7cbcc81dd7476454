"""ischool (www.ischool.com.tw): the hosted CMS of many Taiwanese junior high and vocational
high schools. The home page /ischool/publish_page/0/ (or / redirecting there) shows each news
column in an iframe, /ischool/widget/site_news/main2.php?uid=WID_0_2_<hex>&maximize=1&allbtn=0,
a jQuery page with no story link: it POSTs field=time&order=DESC&pageNum=0&maxRows=…&uid=…
to /ischool/widget/site_news/news_query_json.php and draws the rows of its answer, a JSON
list whose first row counts the pages ({"pageNum":0,"maxRows":10,"totalPages":4}) and whose
others name their story by newsId; the list's later pages only by the POST's pageNum. A
story is /ischool/public/news_view/show.php?nid=1234, a server-drawn page (title, 發佈單位,
發佈日期, 人氣, text, attachments). Other pages: /ischool/publish_page/<n>/.
"""

from crawler.list_api import ListApi

from .base import Profile

_ANY_BEFORE = r"(?:[^#]*&)?"  # other parameters before this one

PROFILE = Profile(
    name="ischool",
    articles=(rf"^/ischool/public/news_view/show\.php\?{_ANY_BEFORE}nid=\d+(?:&[^#]*)?$",),
    listings=(
        r"^/$",
        r"^/ischool/publish_page/\d+/?$",
        rf"^/ischool/widget/site_news/main2?\.php\?{_ANY_BEFORE}uid=WID_\w+(?:&[^#]*)?$",
    ),
    list_api=ListApi(
        shell=rf"^/ischool/widget/site_news/main2?\.php\?{_ANY_BEFORE}uid=(?P<id>WID_\w+)",
        endpoint="/ischool/widget/site_news/news_query_json.php",
        # As the widget posts it; 20 rows a page (the widgets' own are 10 to 25).
        form=(
            ("field", "time"),
            ("order", "DESC"),
            ("pageNum", "0"),
            ("maxRows", "20"),
            ("keyword", ""),
            ("uid", "{id}"),
            ("tf", "1"),
            ("auth_type", "user"),
        ),
        page_field="pageNum",
        row_id="newsId",
        story="/ischool/public/news_view/show.php?nid={id}",
        pages="totalPages",
    ),
)
