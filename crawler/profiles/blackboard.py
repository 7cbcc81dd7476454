"""Blackboard Web Community Manager (Schoolwires before 2016), a US district's and its schools'
CMS on IIS: news as the items of a Flex app ("Headlines & Features", "Announcements"), each
story /site/default.aspx?PageType=3&DomainID=4&ModuleInstanceID=123&ViewID=<GUID>&RenderLoc=0
&FlexDataID=4567&PageID=1 ("Posted on: 12/03/2026" under the headline), the app's list the same
with FlexDataID=0, paged by &PageIndex=2; a school's subsite's apps alike (its DomainID). The
mega menu's content pages (/Page/1234, /domain/56: About, Departments, Board policies, undated)
are no stories and are not followed. IIS reads paths and parameter names without regard to
case (/site/Default.aspx is /site/default.aspx).
"""

from .base import Profile

_SCRIPT = r"(?i)^/site/default\.aspx\?"


def _with(parameter: str) -> str:
    """A lookahead: the query holds this parameter (name=value pattern), wherever it stands."""
    return rf"(?=(?:[^#]*&)?{parameter}(?:&|$))"


PROFILE = Profile(
    name="blackboard",
    articles=(
        # an app's item: FlexDataID is its id (0 names none: the app's list)
        _SCRIPT + _with("PageType=3") + _with(r"FlexDataID=[1-9]\d*") + "[^#]*$",
    ),
    listings=(
        r"^/$",
        _SCRIPT + _with("PageType=(?:3|14)") + _with("FlexDataID=0") + "[^#]*$",
        _SCRIPT + r"PageID=\d+$",  # a site's or subsite's home page
    ),
    fold_case=True,
)
