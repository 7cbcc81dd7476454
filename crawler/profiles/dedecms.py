"""DedeCMS and PHPCMS sites: articles at /a/<column>/…/<id>.html (DedeCMS static pages),
/plus/view.php?aid=N, show.php?id=N, PHPCMS's /html/…/<id>.html and index.php?…a=show…id=N;
lists at /a/<column>/, list_<col>_<page>.html and index.php?…a=lists….
"""

from .base import Profile

PROFILE = Profile(
    name="dedecms",
    articles=(
        r"^/a/(?:[\w-]+/)+\d+\.html?$",
        r"^/plus/view\.php\?aid=\d+$",
        r"/show\.php\?(?:[^#]*&)?(?:id|aid)=\d+$",
        r"^/html/(?:[\w-]+/)+\d+\.html?$",
        r"[?&]a=show&(?:[^#]*&)?id=\d+$",
    ),
    listings=(
        r"^/$",
        r"^/index\.(?:html?|php)$",
        r"^/a/(?:[\w-]+/)+(?:index\.html?)?$",
        r"/list_\d+(?:_\d+)?\.html?$",
        r"^/plus/list\.php\?tid=\d+(?:&[^#]*)?$",
        r"[?&]a=lists&(?:[^#]*&)?catid=\d+(?:&page=\d+)?$",
    ),
)
