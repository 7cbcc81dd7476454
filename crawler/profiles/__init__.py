"""CMS-family profiles, by name (the `profile` key of a registry entry)."""

from . import (
    blackboard,
    blog,
    dated_portal,
    dedecms,
    drupal,
    generic,
    ghost,
    hanweb,
    ischool,
    php_news,
    powereasy,
    rpage,
    sharepoint,
    trs,
    typo3,
    vsb,
    webplus,
    wordpress,
)
from .base import Profile, candidates

PROFILES: dict[str, Profile] = {
    module.PROFILE.name: module.PROFILE
    for module in (
        webplus,
        php_news,
        dated_portal,
        blog,
        wordpress,
        dedecms,
        vsb,
        hanweb,
        trs,
        powereasy,
        sharepoint,
        ischool,
        rpage,
        ghost,
        blackboard,
        drupal,
        typo3,
        generic,
    )
}

__all__ = ["PROFILES", "Profile", "candidates"]
