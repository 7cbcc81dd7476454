"""Hidden elements: content a reader opens is text, what a reader never sees is not, and the
article-or-not decision reads the page as shown (pipelines/processing/hidden.py)."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from pipelines.processing import NotADocument, RawPage, hidden, html_clean, process

INTRO = (
    "Our admissions office answers the questions families ask most often about applying, "
    "visiting the campus and paying the fees, so that nobody has to wait for a reply."
)
ANSWERS = [
    "You apply by filling in the online form and sending it with your transcript and two "
    "letters of reference to the admissions office before the first of June.",
    "Campus tours leave from the main gate every Saturday at ten, and families may join any "
    "class in the morning after booking a place by telephone a week ahead.",
    "Fees are paid by the term, and a family with two children at the school pays three "
    "quarters of the second child's fee; grants cover the rest for many families.",
]
QUESTIONS = ["How do I apply?", "Can we visit the campus?", "How are fees paid?"]


def faq(extra: str = "", head: str = "") -> str:
    items = "".join(
        f"<div class='q'><h3>{q}</h3><div class='answer'>{a}</div></div>"
        for q, a in zip(QUESTIONS, ANSWERS, strict=True)
    )
    return (
        f"<html><head><title>Admissions questions</title>"
        f"<style>.answer, .off {{ display: none }}</style>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
        f"<main><h1>Admissions questions</h1><p>{INTRO}</p>{items}{extra}</main>"
        f"<footer>Copyright 2025 The School</footer></body></html>"
    )


def extract(html: str, url: str = "https://school.example/admissions/faq") -> str:
    return process(RawPage(url=url, body=html.encode("utf-8"))).text


def test_accordion_answers_hidden_by_the_pages_css_are_text():
    text = extract(faq())
    for answer in ANSWERS:
        assert answer in text


def test_accordion_answers_inside_a_collapsed_section_are_text_and_a_mock_up_is_not():
    """A collapsed section whose own answers are hidden too (wcxb dev_0242, uber.com's
    insurance FAQ): opening both shows the answers, so they are text. Short labels hidden
    inside a hidden block (an animated product mock-up, miro.com's) stay out: no sentence."""
    answers = "".join(
        f"<div class='q'><h3>{q}</h3><div class='answer'>{a}</div></div>"
        for q, a in zip(QUESTIONS, ANSWERS, strict=True)
    )
    words = ("Insights", "Data table", "City Explorer", "Travel App", "Group Planner")
    labels = "<div class='answer'>" + "".join(f"<div>{w}</div>" for w in words) + "</div>"
    html = (
        "<html><head><title>Admissions</title><style>.answer, .more { display: none }</style>"
        f"</head><body><main><h1>Admissions</h1><p>{INTRO}</p>"
        f"<div class='more'><h2>Questions families ask</h2>{answers}</div>"
        f"<div class='more'><div class='mockup'>{labels}<p>{INTRO.upper()}</p></div></div>"
        "</main></body></html>"
    )
    text = extract(html)
    assert all(answer in text for answer in ANSWERS)
    assert "Data table" not in text


def test_a_hidden_copy_of_what_the_page_shows_is_not_read_twice():
    shown = "".join(f"<p>{a}</p>" for a in ANSWERS)
    html = (
        "<html><head><title>Fees</title><style>.mobile { display: none }</style></head><body>"
        "<main><h1>Fees and visits</h1>"
        f"<p>{INTRO}</p><div class='desktop'>{shown}</div>"
        f"<div class='mobile'>{shown}</div></main></body></html>"
    )
    text = extract(html)
    assert all(text.count(answer) == 1 for answer in ANSWERS)


def test_two_hidden_copies_of_one_text_are_read_once():
    copy = "".join(f"<p>{a}</p>" for a in ANSWERS)
    extra = f"<div class='off'>{copy}</div><div class='off'>{copy}</div>"
    text = extract(faq(extra=extra))
    assert all(text.count(answer) == 1 for answer in ANSWERS)


@pytest.mark.parametrize(
    "overlay",
    [
        "<div class='off'><p>{}</p><form><input name='email'></form></div>",
        "<div class='modal-window off'><p>{}</p></div>",
        "<div class='off' role='dialog'><p>{}</p></div>",
        "<template class='off'><p>{}</p></template>",
        "<div class='off'><p>Lorem ipsum dolor sit amet. {}</p></div>",
    ],
    ids=["form", "modal", "dialog", "template", "placeholder"],
)
def test_hidden_overlays_forms_and_placeholders_are_not_text(overlay):
    sign_up = (
        "Subscribe to our weekly letter and be the first to hear about open days, grants and "
        "the summer school before anybody else does."
    )
    text = extract(faq(extra=overlay.format(sign_up)))
    assert ANSWERS[0] in text and "weekly letter" not in text


def test_a_hidden_menu_of_links_is_not_text():
    links = "".join(
        f"<p><a href='/section/{i}'>Section number {i} of the school</a> and its news</p>"
        for i in range(8)
    )
    text = extract(faq(extra=f"<div class='off'>{links}</div>"))
    assert ANSWERS[0] in text and "Section number" not in text


def test_a_list_page_is_not_taken_for_an_article_for_its_hidden_text():
    """Hidden prose long enough to be an article's body does not make a page of links one:
    whether it is an article is read from the page as shown."""
    rows = "".join(
        f"<li><a href='/news/2025/story-number-{i}.html'>School news story number {i} "
        f"about the new term</a> 2025-03-{i + 10:02d}</li>"
        for i in range(12)
    )
    essay = " ".join(ANSWERS * 4)
    html = (
        "<html><head><title>News</title><style>.teaser { display: none }</style></head><body>"
        f"<h1>News</h1><ul>{rows}</ul><div class='teaser'><p>{essay}</p></div></body></html>"
    )
    with pytest.raises(NotADocument):
        process(RawPage(url="https://school.example/about/newsroom.html", body=html.encode()))


def test_kept_blocks_are_shown_for_the_reading_and_put_back_after():
    tree = lxml_html.document_fromstring(
        f"<html><body><p>Shown <span style='display:none'>x1</span>text</p>"
        f"<div style='display:none'>{ANSWERS[0]}</div>tail words</body></html>"
    )
    taken = hidden.take_hidden(tree)
    shown = html_clean.visible_text(tree)
    assert shown == "Shown text\ntail words"
    taken.keep_new(shown)
    with taken.shown():
        assert ANSWERS[0] in html_clean.visible_text(tree)
        assert "tail words" in html_clean.visible_text(tree)
    assert html_clean.visible_text(tree) == shown


def test_a_page_whose_text_a_script_reveals_is_read_with_it():
    """Shown, the page is its menu (a list of links, rejected); most of what it says waits
    in blocks its CSS hides until a script fades them in (render.com, miro.com on wcxb_dev):
    then it is read with them, and the decision weighs that reading."""
    menu = "".join(
        f"<p>Group {g}</p><ul>"
        + "".join(
            f"<li><a href='/programmes/p{g}{i}'>Programme {g}{i} of the college</a></li>"
            for i in range(5)
        )
        + "</ul>"
        for g in range(4)
    )
    blurbs = "".join(f"<p>{answer}</p>" for answer in ANSWERS)
    html = (
        "<html><head><title>Admissions</title><style>.reveal { display: none }</style>"
        f"</head><body><div class='menu'>{menu}</div><p>Apply now for the autumn term.</p>"
        f"<div class='reveal'><h2>Admissions</h2><p>{INTRO}</p>{blurbs}</div>"
        f"<div class='reveal'><p>{INTRO} {ANSWERS[2]}</p></div></body></html>"
    )
    text = extract(html, url="https://college.example/admissions/")
    assert all(answer in text for answer in ANSWERS)


def _chrome_and(hidden_block: str) -> str:
    """A page that shows its headline and chrome alone (an account's card that opens on a
    click, buttons, a follow line), its body in `hidden_block`: WeChat's shape."""
    words = ("Like", "Tap twice to undo", "Share", "Comment", "Favourite", "Listened")
    chrome = "".join(f"<span>{w}</span>" for w in words)
    card = "The college's official account: news, notices and open days, every week."
    return (
        "<html><head><title>Open day</title></head><body><h1>Open day at the college</h1>"
        f"<a id='name'>Hillside College</a><div style='display:none'>{card}</div>"
        f"{hidden_block}<div class='tools'>{chrome}</div><div class='qr'><p>Scan the code "
        "with your phone</p><p>Follow the account</p><p>Swipe on to the next story</p></div>"
        "</body></html>"
    )


def _main_body(hidden_block: str):
    tree = lxml_html.document_fromstring(_chrome_and(hidden_block))
    taken = hidden.take_hidden(tree)
    taken.keep_new(html_clean.visible_text(tree))
    return taken.main_body()


BODY = "".join(f"<p>{answer}</p>" for answer in ANSWERS)


def test_a_body_served_hidden_for_a_script_to_show_is_the_pages_main_body():
    """The one hidden block that holds more than the page shows, in sentences (WeChat's
    #js_content, `visibility: hidden` until its script runs): a page of it alone, shown
    (trafilatura drops an element whose style says hidden), without the account's card."""
    page = _main_body(f"<div id='content' style='visibility: hidden; opacity: 0;'>{BODY}</div>")
    assert page is not None and html_clean.visible_text(page).splitlines() == ANSWERS
    assert "hidden" not in lxml_html.tostring(page, encoding="unicode")


@pytest.mark.parametrize(
    "block",
    [
        "<div style='display:none' role='dialog'>{}</div>",
        "<div style='display:none' class='popup-layer'>{}</div>",
        "<form style='display:none'><input name='q'>{}</form>",
        "<div style='display:none'>{}</div>".format("<a href='/a'>A section</a> " * 40),
        "<div style='display:none'><p>Keyword keyword keyword, news.</p></div>{}",
    ],
    ids=["dialog", "popup", "form", "menu", "short"],
)
def test_no_dialog_form_menu_or_short_hidden_text_is_a_pages_main_body(block):
    """What a script opens over a page, a collapsed menu, and hidden text shorter than what
    the page shows (SEO words) are never its body."""
    assert _main_body(block.format(BODY) if "{}" in block else block) is None
