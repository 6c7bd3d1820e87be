"""Tests of the saved-web-page parser (``articles.parsing.html``, ``articles.parsing.files``):
real pages of the corpus against their truth, encodings, refusals, figures and what markup
leaves behind.

Pure functions only: no database. The real pages are gold pages of the training split
(``tests/fixtures/real/``), never of the held-out one.
"""

from __future__ import annotations

import codecs
import doctest
import gzip
import importlib
import json
import re
from pathlib import Path

import pytest

from articles.parsing import SeedParseError
from articles.parsing.files import is_seed_name, parse_seed_file, seed_format
from articles.parsing.html import parse_html_page
from articles.parsing.html.page import NO_ARTICLE, SCRIPT_ONLY
from bench.parser.score_body import page_counts, summary

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "pages"
# Gold pages of the training split, from several outlets and languages, with figures.
REAL_PAGES = (
    "fundus-ca-cbcnews-1",
    "fundus-ca-financialpost-1",
    "fundus-es-elpais-1",
    "fundus-uk-bbc-2",
    "fundus-de-tagesspiegel-1",
)
PARAGRAPHS = [
    "The harbour authority said on Monday that the cranes would stand idle until the strike "
    "ended, leaving a dozen ships waiting offshore with their cargo.",
    "Dockers walked out at dawn after talks over shift pay broke down late on Sunday night, "
    "their union said in a statement.",
    "Talks are due to resume on Wednesday, when both sides meet again at the labour office.",
]


def real_html(page_id: str) -> bytes:
    return gzip.decompress((REAL / f"{page_id}.html.gz").read_bytes())


def real_meta(page_id: str) -> dict:
    return json.loads((REAL / f"{page_id}.json").read_text(encoding="utf-8"))


def page(
    *,
    head: str = "",
    body: str = "",
    headline: str = "Dockers strike at Kestrel Bay",
    charset: str | None = "utf-8",
    jsonld: dict | None = None,
    heading: bool = True,
) -> str:
    """A small news page as a CMS writes one."""
    meta = f'<meta charset="{charset}">' if charset else ""
    data = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld else ""
    paragraphs = body or "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head>{meta}<title>{headline} | Bay News</title>'
        f"{head}{data}</head><body><nav><a href='/'>Home</a><a href='/world'>World</a></nav>"
        f"<article>{f'<h1>{headline}</h1>' if heading else ''}{paragraphs}</article>"
        "<footer>© Bay News</footer></body></html>"
    )


NEWS_ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Dockers strike at Kestrel Bay",
    "datePublished": "2024-06-03T09:15:00+02:00",
    "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chan"}],
    "publisher": {"@type": "NewsMediaOrganization", "name": "Bay News"},
}


def _f1(truth: str, paragraphs: tuple[str, ...]) -> float:
    return summary([page_counts(truth, "\n\n".join(paragraphs))])["f1"]


@pytest.mark.parametrize("page_id", REAL_PAGES)
def test_real_pages_read_their_article_and_data(page_id):
    parsed = parse_html_page(real_html(page_id), source=f"{page_id}.html")
    meta = real_meta(page_id)
    truth = (REAL / f"{page_id}.true.txt").read_text(encoding="utf-8")

    assert meta["split"] == "train"
    assert _f1(truth, parsed.paragraphs) > 0.9
    assert parsed.headline in (meta["headline"], meta["printed_headline"])
    assert parsed.published is not None
    assert parsed.published.isoformat() == meta["published"][:10]
    assert parsed.language == meta["language"]
    assert parsed.canonical_url.startswith("https://")
    assert not parsed.uncertain


@pytest.mark.parametrize("page_id", REAL_PAGES)
def test_no_markup_survives_into_any_text(page_id):
    parsed = parse_html_page(real_html(page_id))
    texts = [parsed.headline, parsed.byline or "", *parsed.paragraphs]
    texts += [caption.text for caption in parsed.captions]
    texts += [caption.credit or "" for caption in parsed.captions]
    for text in texts:
        assert not re.search(r"</?[a-zA-Z][^>]*>|&[a-z]+;|&#\d+;", text), text


def test_figures_keep_caption_credit_picture_and_position():
    parsed = parse_html_page(real_html("fundus-ca-cbcnews-1"))

    first = parsed.captions[0]
    assert first.credit == "Adel Hana/Associated Press"
    assert (first.photographer, first.agencies) == ("Adel Hana", ("Associated Press",))
    assert first.text.startswith("Yahya Sinwar, at the time recently freed from jail")
    assert "Adel Hana" not in first.text
    assert first.image_url.startswith("https://i.cbc.ca/")
    assert first.alt_text == "A man stands at a podium and gives a speech"
    # Positions count the paragraphs above each picture and only grow down the page.
    positions = [caption.after_paragraph for caption in parsed.captions]
    assert positions == sorted(positions)
    assert 0 < positions[-1] <= len(parsed.paragraphs)


def test_a_figure_is_placed_after_the_paragraphs_above_it():
    figure = (
        '<figure><img src="/media/cranes.jpg" alt="Idle cranes" width="1200" height="800">'
        "<figcaption>Cranes stand idle at dawn. Photo: Kai Moss/Reuters</figcaption></figure>"
    )
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS[:2]) + figure
    body += f"<p>{PARAGRAPHS[2]}</p>"
    head = '<link rel="canonical" href="https://news.example.org/2024/06/dockers-strike">'
    parsed = parse_html_page(page(head=head, body=body, jsonld=NEWS_ARTICLE).encode())

    (caption,) = parsed.captions
    assert caption.after_paragraph == 2
    assert (caption.text, caption.credit) == ("Cranes stand idle at dawn.", "Kai Moss/Reuters")
    assert caption.image_url == "https://news.example.org/media/cranes.jpg"
    assert (caption.alt_text, caption.width, caption.height) == ("Idle cranes", 1200, 800)
    assert parsed.paragraphs == tuple(PARAGRAPHS)
    assert parsed.canonical_url == "https://news.example.org/2024/06/dockers-strike"


def test_the_structured_data_gives_byline_date_and_publisher():
    parsed = parse_html_page(page(jsonld=NEWS_ARTICLE).encode())

    assert parsed.headline == "Dockers strike at Kestrel Bay"
    assert parsed.byline == "Ann Lee, Bo Chan"
    assert parsed.published_at.isoformat() == "2024-06-03T09:15:00+02:00"
    assert parsed.publication_name == "Bay News"
    assert parsed.language == "en"
    assert parsed.confidence == 1.0 and not parsed.uncertain


def test_without_structured_data_the_page_is_read_and_left_for_an_editor():
    headline = "Dockers strike at Kestrel Bay"
    body = f"<p>By Ann Lee</p>{''.join(f'<p>{text}</p>' for text in PARAGRAPHS)}"
    parsed = parse_html_page(page(body=body, headline=headline).encode())

    assert parsed.headline == headline
    assert parsed.byline == "Ann Lee"
    assert parsed.paragraphs == tuple(PARAGRAPHS)
    assert parsed.uncertain
    assert any("no structured data" in warning for warning in parsed.warnings)


def test_an_author_given_by_reference_in_the_graph_is_read():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {**NEWS_ARTICLE, "author": {"@id": "https://bay.example/#/person/1"}},
            {"@type": "Person", "@id": "https://bay.example/#/person/1", "name": "Ann Lee"},
        ],
    }
    assert parse_html_page(page(jsonld=graph).encode()).byline == "Ann Lee"


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:author" content="https://facebook.com/annlee">'
        '<meta property="article:author" content="Ann Lee">',
        '<meta name="twitter:label1" content="Verfasst von">'
        '<meta name="twitter:data1" content="Ann Lee">'
        '<meta name="twitter:label2" content="Lesedauer"><meta name="twitter:data2" content="3">',
        '<meta name="twitter:misc:Written by" content="Ann Lee">',
    ],
)
def test_authors_in_meta_tags_are_read_when_the_data_names_none(head):
    article = {key: value for key, value in NEWS_ARTICLE.items() if key != "author"}
    assert parse_html_page(page(head=head, jsonld=article).encode()).byline == "Ann Lee"


def test_a_byline_marked_in_the_markup_is_read_only_near_the_headline():
    article = {key: value for key, value in NEWS_ARTICLE.items() if key != "author"}
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    marked = '<div class="article__author">von <a rel="author" href="/ann">Ann Lee</a></div>'
    parsed = parse_html_page(page(body=marked + paragraphs, jsonld=article).encode())
    assert parsed.byline == "Ann Lee"
    assert parsed.paragraphs == tuple(PARAGRAPHS)

    # An author box under the article names the author of another story, or no one's byline.
    box = '<aside><p class="author-box">Bo Chan</p></aside>'
    below = PARAGRAPHS[0] + " " + " ".join(PARAGRAPHS) * 4
    parsed = parse_html_page(page(body=f"<p>{below}</p>{box}", jsonld=article).encode())
    assert parsed.byline is None


def test_what_the_data_text_of_the_article_lacks_after_the_copy_goes():
    article = {**NEWS_ARTICLE, "articleBody": " ".join(PARAGRAPHS)}
    crosshead = "Talks next week"
    promotion = [
        "Get the news on your phone: our new app is here, for Android and iOS alike.",
        "The morning briefing brings the day's stories to you before breakfast, every weekday.",
    ]
    body = "".join(
        f"<p>{text}</p>" for text in (*PARAGRAPHS[:2], crosshead, PARAGRAPHS[2], *promotion)
    )
    parsed = parse_html_page(page(body=body, jsonld=article).encode())
    assert parsed.paragraphs == (*PARAGRAPHS[:2], crosshead, PARAGRAPHS[2])

    # A data text cut short (a paywall's teaser) is no measure of the article: all stays.
    teaser = {**NEWS_ARTICLE, "articleBody": PARAGRAPHS[0][:60]}
    parsed = parse_html_page(page(body=body, jsonld=teaser).encode())
    assert parsed.paragraphs == (*PARAGRAPHS[:2], crosshead, PARAGRAPHS[2], *promotion)


def test_the_text_after_a_comment_in_a_paragraph_is_kept():
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS[:2])
    body += "<p>Talks are due to <a href='/talks'>resume</a><!-- --> on Wednesday, when both sides"
    body += " meet again at the labour office.</p>"
    parsed = parse_html_page(page(body=body, jsonld=NEWS_ARTICLE).encode())
    assert parsed.paragraphs[-1] == PARAGRAPHS[2]


def test_lazy_pictures_and_credits_set_apart_are_read():
    figures = (
        '<figure><img src="/static/grey-placeholder.png" alt="">'
        '<img data-src="https://cdn.example.org/cranes-1200.jpg" alt="Cranes">'
        "<span>EPA</span><figcaption>Cranes stand idle at dawn.</figcaption></figure>"
        '<figure><img src="data:image/gif;base64,R0lGOD" '
        'srcset="https://cdn.example.org/ships-320.jpg 320w, https://cdn.example.org/ships-960.jpg'
        ' 960w"><figcaption><span>Ships wait offshore.</span>'
        "<span>Alketa Misja (dpa)</span></figcaption></figure>"
    )
    body = f"<p>{PARAGRAPHS[0]}</p>{figures}<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>"
    parsed = parse_html_page(page(body=body, jsonld=NEWS_ARTICLE).encode())

    cranes, ships = parsed.captions
    assert (cranes.text, cranes.credit) == ("Cranes stand idle at dawn.", "EPA")
    assert cranes.image_url == "https://cdn.example.org/cranes-1200.jpg"
    assert (ships.text, ships.credit) == ("Ships wait offshore.", "Alketa Misja/dpa")
    assert (ships.photographer, ships.agencies) == ("Alketa Misja", ("dpa",))
    assert ships.image_url == "https://cdn.example.org/ships-960.jpg"
    assert cranes.after_paragraph == ships.after_paragraph == 1


def test_an_icon_is_no_caption_and_a_lightbox_copy_may_give_the_credit():
    icon = "<svg><title>Camera Icon</title><path d='M0 0'/></svg>"
    picture = '<img src="https://bay.example/cranes.jpg" alt="Idle cranes">'
    figure = f"<figure>{picture}<figcaption>{icon}Cranes stand idle at dawn.</figcaption></figure>"
    lightbox = (
        f"<figure>{picture}<figcaption>Cranes stand idle at dawn. "
        "<small>Kai Moss/Reuters</small></figcaption></figure>"
    )
    body = figure + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + lightbox
    parsed = parse_html_page(page(body=body, jsonld=NEWS_ARTICLE).encode())

    (caption,) = parsed.captions
    assert (caption.text, caption.credit) == ("Cranes stand idle at dawn.", "Kai Moss/Reuters")
    assert caption.after_paragraph == 0


def test_an_address_that_is_not_a_web_address_is_not_kept():
    figure = (
        '<figure><img src="javascript:alert(1)" alt="x">'
        "<figcaption>Cranes at dawn. Photo: Kai Moss</figcaption></figure>"
    )
    body = f"<p>{PARAGRAPHS[0]}</p>{figure}<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>"
    parsed = parse_html_page(page(body=body, jsonld=NEWS_ARTICLE).encode())

    assert parsed.captions[0].image_url is None
    assert parsed.canonical_url is None


def test_markup_and_entities_in_the_data_and_text_become_text():
    data = dict(NEWS_ARTICLE, headline="Dockers &amp; crane drivers <b>strike</b>")
    body = (
        f"<p>{PARAGRAPHS[0]} <script>alert('x')</script><b>Bold</b> &amp; done.</p>"
        f"<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>"
    )
    parsed = parse_html_page(page(body=body, jsonld=data, heading=False).encode())

    assert parsed.paragraphs[0].endswith("Bold & done.")
    assert "alert" not in " ".join(parsed.paragraphs)
    assert parsed.headline == "Dockers & crane drivers strike"


@pytest.mark.parametrize(
    ("encoding", "charset"),
    [
        ("cp1252", "windows-1252"),
        ("cp1252", "ISO-8859-1"),
        ("utf-8", None),
        ("utf-8", "iso-8859-1"),  # re-encoded when saved: the bytes say UTF-8
        ("iso-8859-15", "iso-8859-15"),
    ],
)
def test_declared_and_undeclared_encodings(encoding, charset):
    text = page(
        body="".join(f"<p>{p} Café, niño, Übergröße.</p>" for p in PARAGRAPHS),
        charset=charset,
        jsonld=NEWS_ARTICLE,
    )
    parsed = parse_html_page(text.encode(encoding))
    assert parsed.paragraphs[0].endswith("Café, niño, Übergröße.")


def test_a_byte_order_mark_wins():
    text = page(body="".join(f"<p>{p} Zoë.</p>" for p in PARAGRAPHS), charset="windows-1252")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        parsed = parse_html_page(bom + text.encode(codec))
        assert parsed.paragraphs[0].endswith("Zoë.")


def test_a_legacy_encoding_without_a_declaration_is_sniffed():
    russian = (
        "Портовые рабочие начали забастовку в понедельник утром, и краны стоят без дела. "
        "Профсоюз заявил, что переговоры о зарплате сорвались поздно вечером в воскресенье. "
        "Переговоры возобновятся в среду, когда обе стороны снова встретятся в министерстве."
    )
    more = "Министр труда призвал стороны к компромиссу и пообещал поддержку порту."
    body = f"<p>{russian}</p><p>{more}</p>"
    text = page(body=body, charset=None, headline="Забастовка")
    parsed = parse_html_page(text.encode("cp1251"))
    assert parsed.paragraphs == (russian, more)
    assert parsed.language == "en"  # <html lang="en-GB"> says so, whatever the words


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "binary data (looks like a PNG image)"),
        (b"<html>\x00\x00\x00</html>", "binary data (contains NUL bytes)"),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(data, reason):
    with pytest.raises(SeedParseError) as raised:
        parse_html_page(data, source="bad.html")
    assert raised.value.reason.startswith(reason)
    assert str(raised.value).startswith("bad.html: ")


def test_a_page_written_by_scripts_only_is_refused():
    shell = (
        "<html><head><title>App</title><script src='/app.js'></script></head>"
        "<body><div id='root'></div><script>render(document.getElementById('root'))</script>"
        "</body></html>"
    )
    with pytest.raises(SeedParseError) as raised:
        parse_html_page(shell.encode())
    assert raised.value.reason == SCRIPT_ONLY


def test_text_between_scripts_is_the_pages_own_not_a_script_shell():
    # The words stand in a script's tail and in a <noscript>'s neighbour: visible text.
    shell = (
        "<html><head><title>App</title></head><body><script>boot()</script>"
        "Five plain words stand here<noscript>Enable scripts</noscript>"
        "<script>render()</script></body></html>"
    )
    with pytest.raises(SeedParseError) as raised:
        parse_html_page(shell.encode())
    assert raised.value.reason != SCRIPT_ONLY


def test_a_page_of_links_only_has_no_article():
    links = "".join(f"<li><a href='/story/{n}'>Story number {n}</a></li>" for n in range(30))
    front = f"<html><head><title>Front page</title></head><body><ul>{links}</ul></body></html>"
    with pytest.raises(SeedParseError) as raised:
        parse_html_page(front.encode())
    assert raised.value.reason == NO_ARTICLE


def test_malformed_markup_is_read_as_browsers_read_it():
    body = "".join(f"<p>{text}" for text in PARAGRAPHS) + "<div><span>"
    broken = page(body=body, jsonld=NEWS_ARTICLE).replace("</article>", "")
    parsed = parse_html_page(broken.encode())
    assert parsed.paragraphs == tuple(PARAGRAPHS)


def test_real_front_pages_are_never_published():
    for page_id in ("np4k-yahoo-main-site", "htmldate-stuttgart-de"):
        try:
            parsed = parse_html_page(real_html(page_id))
        except SeedParseError as error:
            assert error.reason == NO_ARTICLE
        else:
            assert parsed.uncertain


def test_a_home_page_that_calls_itself_an_article_is_left_for_an_editor():
    home = '<link rel="canonical" href="https://bay.example/en/">'
    parsed = parse_html_page(page(head=home, jsonld=NEWS_ARTICLE).encode())
    assert parsed.uncertain
    assert any("home page" in warning for warning in parsed.warnings)

    story = '<link rel="canonical" href="https://bay.example/en/2024/dockers-strike">'
    assert not parse_html_page(page(head=story, jsonld=NEWS_ARTICLE).encode()).uncertain


def test_files_are_dispatched_by_their_name():
    html = page(jsonld=NEWS_ARTICLE).encode()
    assert [is_seed_name(n) for n in ("a.txt", "b.HTML", "c.htm", "d.html.gz", "e.pdf")] == [
        True,
        True,
        True,
        True,
        False,
    ]
    assert (seed_format("a.html.gz"), seed_format("a.txt")) == ("html", "text")
    from_html = parse_seed_file(html, name="a.html", max_bytes=10**6)
    from_gzip = parse_seed_file(gzip.compress(html), name="a.html.gz", max_bytes=10**6)
    assert from_html == from_gzip


def test_a_compressed_page_is_refused_past_the_size_limit_and_when_broken():
    html = page(jsonld=NEWS_ARTICLE).encode()
    with pytest.raises(SeedParseError, match="inflates to more than 1000 bytes"):
        parse_seed_file(gzip.compress(html), name="a.html.gz", max_bytes=1000)
    with pytest.raises(SeedParseError, match="not valid gzip data"):
        parse_seed_file(gzip.compress(html)[:-20], name="a.html.gz", max_bytes=10**6)
    with pytest.raises(SeedParseError, match="not valid gzip data"):
        parse_seed_file(html, name="a.html.gz", max_bytes=10**6)


@pytest.mark.parametrize(
    "module", ["decoding", "metadata", "body", "figures", "urls", "page", "bylines"]
)
def test_docstring_examples(module):
    imported = importlib.import_module(f"articles.parsing.html.{module}")
    failures, _ = doctest.testmod(imported, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_docstring_examples_of_the_dispatch():
    for name in ("articles.parsing.files", "articles.parsing.sameness"):
        failures, _ = doctest.testmod(importlib.import_module(name))
        assert failures == 0
