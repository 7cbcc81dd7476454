"""HTML is recognised from its bytes like a browser does; binaries never are documents."""

from __future__ import annotations

import pytest

from pipelines.processing import NotADocument, RawPage, process
from pipelines.processing.sniffing import not_html_reason

ARTICLE = "<p>" + "学校与企业签订合作协议，共同培养技术技能人才，推进产教融合。" * 6 + "</p>"


@pytest.mark.parametrize(
    "start",
    [
        "<head><title>学校新闻</title></head><body>",  # no <html> at all
        "<!-- " + "x" * 2500 + " -->\n<html><body>",  # a long preamble before <html>
        "\n\n  <meta charset='utf-8'><div>",
        "<!DOCTYPE html><body>",
    ],
)
def test_html_without_a_content_type_is_html(start):
    body = (start + ARTICLE + "</body></html>").encode()
    assert not_html_reason(body, None) is None
    assert "合作协议" in process(RawPage(url="http://s.example/a.htm", body=body)).text


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "OLE document"),
    ],
)
def test_binaries_are_never_documents_whatever_the_header(body, kind):
    for content_type in ("text/html; charset=utf-8", None):
        reason = not_html_reason(body + bytes(2000), content_type)
        assert reason and kind in reason
        with pytest.raises(NotADocument, match=kind):
            process(
                RawPage(
                    url="http://s.example/a.htm",
                    body=body + bytes(2000),
                    headers={"Content-Type": content_type} if content_type else {},
                )
            )


def test_plain_text_and_json_without_tags_are_not_html():
    assert not_html_reason(b"just some notes, not a page", None)
    assert not_html_reason(b'{"a": 1}', "application/json")
