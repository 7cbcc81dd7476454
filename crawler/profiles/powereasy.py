"""动易 (PowerEasy, SiteWeaver, SiteFactory): the ASP and ASP.NET CMS of many Chinese vocational
colleges. Stories at /Item/1234.aspx (SiteFactory, SiteWeaver 6), older ones at
/Item/Show.asp?m=1&d=567 and /Article/ShowArticle.asp?ArticleID=123 (PowerEasy 2006) or as
static /Article/HTML/123.html; columns at /Category_12/Index.aspx (Index_2.aspx …), special
topics at /Special_3/Index.aspx, ASP columns at /Article/ShowClass.asp?ClassID=2&page=2.

Query parameters are matched in any order: links are compared in their canonical form, whose
query is sorted (d=567&m=1).
"""

from .base import Profile

_ANY_BEFORE = r"(?:[^#]*&)?"  # other parameters before this one
_ANY_AFTER = r"(?:&[^#]*)?$"

PROFILE = Profile(
    name="powereasy",
    articles=(
        r"/Item/\d+\.aspx$",
        rf"/Item/Show\.aspx?\?{_ANY_BEFORE}d=\d+{_ANY_AFTER}",
        rf"/ShowArticle\.aspx?\?{_ANY_BEFORE}ArticleID=\d+{_ANY_AFTER}",
        r"/Article/HTML/\d+\.html?$",
    ),
    listings=(
        r"^/$",
        r"^/(?:Default|Index)\.aspx?$",
        r"/(?:Category|Special)_\d+/(?:Index|List)(?:_\d+)?\.aspx$",
        rf"/ShowClass\.aspx?\?{_ANY_BEFORE}ClassID=\d+{_ANY_AFTER}",
        r"/Article/(?:Index\.asp)?$",
    ),
)
