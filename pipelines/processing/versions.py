"""Software versions a page names: numbers that are never its date.

A CMS names itself and its version in a `<meta name="generator">` and in its footer
("Powered by MetInfo 5.3.19", "技术支持：PHPCMS V9.6.3"). htmldate reads such a number as a
date when it has a date's shape: "5.3.19" is 5 March 2019 to it, "3.10.12" 3 October 2012,
and every undated page of a MetInfo 5.3.19 site was dated 2019-03-05. What the page gives
as a version is the software's: a number after a name its generator gives, after "Powered
by" or 技术支持 and a name, or after "v", "ver." or "version" (版本). htmldate reads the page
with those numbers taken out; a date printed elsewhere on it is still found.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

_NUMBER = r"(?<![\d.])\d+(?:\.\d+){1,3}(?!\.?\d)"
_NUMBER_IN = re.compile(_NUMBER)
_NAME_PART = r"[A-Za-z][A-Za-z0-9!+-]*"  # MetInfo, Discuz!, Z-BlogPHP, phpBB3
# A version by its mark: "v1.3.22", "V9.6.3", "ver. 2.1.18", "Version 2.10.24", "版本 5.3"
# ("release" is not one: a press release is dated by the number after it).
_MARKED = re.compile(rf"(?<![^\W\d_])(?:v|ver\.?|version|版本号?)\s*[:：]?\s*({_NUMBER})", re.I)
# Software named where a site names what it runs on, then its version: "Powered by MetInfo
# 5.3.19", "技术支持：Discuz! X3.4", "Proudly powered by WordPress 6.5.2".
_POWERED = re.compile(
    rf"(?:powered\s+by|技术支持|技術支持|技术支撑|程序支持|系统支持)\s*[:：]?\s*"
    rf"(?:{_NAME_PART}\s*){{1,3}}[vVxX]?\s*({_NUMBER})",
    re.I,
)
_NAME = re.compile(_NAME_PART)


def _generators(tree) -> list[str]:
    return [
        meta.get("content") or ""
        for meta in tree.iter("meta")
        if (meta.get("name") or "").strip().lower() == "generator"
    ]


def software_versions(tree) -> frozenset[str]:
    """The numbers the page gives as a software's version ("5.3.19" of "MetInfo 5.3.19")."""
    generators = _generators(tree)
    found = {number for content in generators for number in _NUMBER_IN.findall(content)}
    names = {name for content in generators for name in _NAME.findall(content) if len(name) > 2}
    text = " ".join(tree.itertext())
    found.update(_MARKED.findall(text))
    found.update(_POWERED.findall(text))
    for name in names:
        after_name = rf"(?<!\w){re.escape(name)}\s*[vVxX]?\s*({_NUMBER})"
        found.update(re.findall(after_name, text))
    return frozenset(found)


def without_versions(tree, versions: frozenset[str]):
    """A copy of the tree with the version numbers taken out of its text and attributes."""
    if not versions:
        return tree
    alternatives = "|".join(map(re.escape, sorted(versions, key=len, reverse=True)))
    number = re.compile(rf"(?<![\d.])(?:{alternatives})(?!\.?\d)")
    copied = copy.deepcopy(tree)
    for element in copied.iter():
        if element.text:
            element.text = number.sub("", element.text)
        if element.tail:
            element.tail = number.sub("", element.tail)
        if isinstance(element.tag, str) and not isinstance(element, etree._Comment):
            for key, value in element.attrib.items():
                if number.search(value):
                    element.set(key, number.sub("", value))
    return copied
