"""Microsoft SharePoint (2010, 2013, 2016, Server Subscription Edition) publishing sites, as
colleges and councils run them on IIS: news as publishing pages in a web's Pages library
(/news/Pages/Students-visit-Siemens-plant.aspx, /Pages/2026-12-01-MoU-signed.aspx), short
notices as items of an announcements list (/Lists/Announcements/DispForm.aspx?ID=12) and a
blog's posts (/blog/Lists/Posts/Post.aspx?ID=7); lists at a web's welcome page
(/news/Pages/default.aspx, its Content Query pager ?Paged=TRUE&…&PageFirstRow=11) and a
list's views (/Lists/Announcements/AllItems.aspx).

IIS reads paths without regard to case: an editor's link to /news/pages/students-visit-….aspx
is the page /news/Pages/Students-visit-….aspx, so a link's path is compared in lower case
(`fold_case`). A list item's form takes its ID and nothing else: the Source (where its Close
button returns) and ContentTypeId a list view adds to each link are dropped.
"""

from .base import Profile

_ANY_BEFORE = r"(?:[^#]*&)?"  # other parameters before this one
_ANY_AFTER = r"(?:&[^#]*)?$"
# The welcome page of a web and of its Pages library (default.aspx, home.aspx), whose
# Content Query or Search web part lists the web's news; Forms/ holds the library's views.
_WELCOME = r"(?:default|home|index)\.aspx"

PROFILE = Profile(
    name="sharepoint",
    articles=(
        rf"(?i)^/(?:[^?#]+/)?pages/(?!{_WELCOME}(?:\?|$))(?!forms/)[^/?#]+\.aspx$",
        r"(?i)^/(?:[^?#]+/)?lists/(?:[^/?#]*(?:announcements|news)[^/?#]*)/dispform\.aspx\?id=\d+$",
        r"(?i)^/(?:[^?#]+/)?lists/posts/post\.aspx\?id=\d+$",
    ),
    listings=(
        r"^/$",
        rf"(?i)^/(?:[^?#]+/)?(?:pages/)?{_WELCOME}(?:\?[^#]*)?$",
        # a list's view, and a library's (/news/Pages/Forms/AllItems.aspx)
        r"(?i)^/(?:[^?#]+/)?(?:lists/[^/?#]+|[^/?#]+/forms)/allitems\.aspx(?:\?[^#]*)?$",
        r"(?i)^/(?:[^?#]+/)?lists/(?:posts|categories)/(?:category|archive|allposts)\.aspx(?:\?[^#]*)?$",
    ),
    rewrites=(
        # A list item's form: its ID alone (DispForm.aspx?ID=12&Source=…&ContentTypeId=…).
        (
            rf"(?i)(/(?:dispform|post)\.aspx)\?{_ANY_BEFORE}(?<![A-Za-z])(ID=\d+){_ANY_AFTER}",
            r"\1?\2",
        ),
    ),
    fold_case=True,
)
