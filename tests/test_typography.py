"""Finnish typography: ” ’ quotes, … ellipses, – ranges and dashes, non-breaking spaces."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from build_tools.markup.typography import typeset_html, typeset_text

NB = "\u00a0"


# --- Quotes ----------------------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ('Ohjaaja sanoo: "Hei! Tervetuloa!"', "Ohjaaja sanoo: ”Hei! Tervetuloa!”"),
    ('"Mitä kuuluu?" "Hyvää, kiitos."', "”Mitä kuuluu?” ”Hyvää, kiitos.”"),
    ("""Hän sanoi: "Kysy 'Kerro itsestäsi' ensin." """, "Hän sanoi: ”Kysy ’Kerro itsestäsi’ ensin.” "),
    ("Teams'n kautta ja bachelor's degree", "Teams’n kautta ja bachelor’s degree"),
    ("CV:n ja LinkedIn-profiilin", "CV:n ja LinkedIn-profiilin"),
])
def test_quotes(source, expected):
    assert typeset_text(source) == expected


def test_quotes_across_inline_tags():
    assert typeset_html('<p>"<em>hei</em>" ja "<strong>moi</strong>!"</p>') == \
        "<p>”<em>hei</em>” ja ”<strong>moi</strong>!”</p>"
    assert typeset_html("<p>&quot;Kiitos&quot; &amp; &#39;hei&#39;</p>") == "<p>”Kiitos” &amp; ’hei’</p>"


# --- Ellipsis --------------------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ("Minun tavoitteeni on ...", "Minun tavoitteeni on …"),
    ("Hei! Minä olen...", "Hei! Minä olen…"),
    ("Odota . . . nyt", "Odota … nyt"),
    ("Jo valmiiksi …", "Jo valmiiksi …"),
    ("Neljä pistettä ....", "Neljä pistettä ...."),
])
def test_ellipsis(source, expected):
    assert typeset_text(source) == expected


# --- Dashes ----------------------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ("klo 17.00-17.15", f"klo{NB}17.00–17.15"),
    ("30-60 minuuttia", f"30–60{NB}minuuttia"),
    ("lukuvuosi 2024-2025", "lukuvuosi 2024–2025"),
    ("9:30-10:00", "9:30–10:00"),
    ("1,5-2 tuntia", f"1,5–2{NB}tuntia"),
    ("5-6-vuotiaat", "5–6-vuotiaat"),
    ("Tauko - sitten jatketaan.", "Tauko – sitten jatketaan."),
])
def test_dashes(source, expected):
    assert typeset_text(source) == expected


@pytest.mark.parametrize("text", [
    "Päivämäärä 2027-02-30 ja 2026-12-01T10:00",
    "Soita 040-1234567 tai 09-310 1234",
    "A2-ryhmä, sähkö-posti, TE-palvelut, 3-vuotias",
    "Lämpötila on -5 astetta, muutos -10 %",
    "Hetu 010190-123A ja tilinumero 12345-678",
    "Tiedosto raportti_2024-2025.pdf",
    "sana -sana ja sana- sana",
])
def test_hyphens_that_stay(text):
    assert "–" not in typeset_text(text)


# --- Non-breaking spaces ---------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ("Tauko 15 min", f"Tauko 15{NB}min"),
    ("Keskustelkaa 30 minuuttia.", f"Keskustelkaa 30{NB}minuuttia."),
    ("Hinta 5 € ja 14 euroa", f"Hinta 5{NB}€ ja 14{NB}euroa"),
    ("Vero 7,30 %", f"Vero 7,30{NB}%"),
    ("Viikossa 20 h.", f"Viikossa 20{NB}h."),
    ("Katso s. 12 ja klo 9.00", f"Katso s.{NB}12 ja klo{NB}9.00"),
])
def test_non_breaking_spaces(source, expected):
    assert typeset_text(source) == expected


@pytest.mark.parametrize("text", [
    "15 metriä", "5 minä", "2 hyvää", "Yksi min", "20 esimerkkiä", "vuonna 2024 monet",
])
def test_no_non_breaking_space_before_other_words(text):
    assert NB not in typeset_text(text)


def test_non_breaking_space_across_tags_and_lines():
    assert typeset_html("<p><strong>15</strong> <em>min</em></p>") == f"<p><strong>15</strong>{NB}<em>min</em></p>"
    assert typeset_html("<p>noin 30\nminuuttia</p>") == f"<p>noin 30{NB}minuuttia</p>"


# --- Never touched ---------------------------------------------------------------------------

@pytest.mark.parametrize("html", [
    '<p>Aja <code>"x" ... 1-2</code> tai <kbd>Ctrl-"</kbd></p>',
    '<pre><code>print("hei")\n...\n</code></pre>',
    "<script>var a = \"x\" + 'y'; // ...</script>",
    '<style>a::before { content: "..." }</style>',
    "<samp>\"virhe\"</samp>",
    '<p><a href="https://example.com/?a=1-2&amp;b=&quot;">linkki</a></p>',
    '<p title="&quot;Otsikko&quot; 1-2" data-x=\'15 min\'>teksti</p>',
    "<p>https://www.suomi.fi/ohjeet/2024-2025?x='1'</p>",
    "<p>www.te-palvelut.fi/10-20 ja posti.nimi@example.fi</p>",
    "<p>Katso tyomarkkinatori.fi/haku-2024-2025</p>",
    "<!-- \"kommentti\" ... --><p>x</p>",
])
def test_never_touched(html):
    assert typeset_html(html) == html


def test_text_outside_code_is_typeset_beside_it():
    assert typeset_html('<p>"<code>rm -rf</code>" ja 1-2</p>') == "<p>”<code>rm -rf</code>” ja 1–2</p>"


def test_quotes_do_not_pair_across_blocks():
    html = '<p>Sano "hei</p><p>kaikille"</p>'
    assert typeset_html(html) == "<p>Sano ”hei</p><p>kaikille”</p>"


def test_full_document_keeps_markup_byte_for_byte():
    html = ('<!DOCTYPE html>\n<html lang="fi"><head><title>Teemat - Auroras</title>'
            '<meta name="description" content="&quot;x&quot;"></head>\n<body class="a">'
            '<ul>\n<li>Tauko 15 min</li>\n<li value="2">"Hei"<br>...</li>\n</ul>'
            "<img alt='\"kuva\"' src=x.png><p>a < b & c</p></body></html>")
    assert typeset_html(html) == (
        '<!DOCTYPE html>\n<html lang="fi"><head><title>Teemat – Auroras</title>'
        '<meta name="description" content="&quot;x&quot;"></head>\n<body class="a">'
        f"<ul>\n<li>Tauko 15{NB}min</li>\n<li value=\"2\">”Hei”<br>…</li>\n</ul>"
        "<img alt='\"kuva\"' src=x.png><p>a < b & c</p></body></html>")


@pytest.mark.parametrize("text", [
    'Hän sanoi "hei ... moi" klo 17.00-17.15, 30-60 minuuttia - ja 5 € s. 3',
    "<p>\"a\" 'b' ... 1-2 15 min</p>",
])
def test_idempotent_and_deterministic(text):
    once = typeset_html(text)
    assert typeset_html(once) == once == typeset_html(text)
    assert typeset_text(typeset_text(text)) == typeset_text(text)


def test_plain_text_without_anything_to_do_is_unchanged():
    for text in ("Työhaastattelu", "A2: Hauska tavata!", "", "Teema 8 – Työhaastattelu"):
        assert typeset_text(text) == text


# --- The real built site ---------------------------------------------------------------------

class _Markup(HTMLParser):
    """Tags (with their attributes) and text, outside scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.code = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(self.get_starttag_text() or "")
        self.code += tag in ("script", "style", "code", "pre")

    def handle_endtag(self, tag):
        self.tags.append(tag)
        self.code -= tag in ("script", "style", "code", "pre")

    def handle_data(self, data):
        if not self.code:
            self.text.append(data)


def _markup(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def test_built_site_pages(site: Path):
    """On every built page: no straight quotes or '...' left in the text, markup unchanged, idempotent."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        after = typeset_html(html)
        before, typeset = _markup(html), _markup(after)
        assert typeset.tags == before.tags, page
        text = "".join(typeset.text)
        assert '"' not in text and "'" not in text and "..." not in text, page
        assert typeset_html(after) == after, page


# --- The markup reader ----------------------------------------------------------------------

class _ReferenceEvents(HTMLParser):
    """html.parser's reading of a document (convert_charrefs=False), as (kind, tag, start, end)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html, self.found = html, []
        self.lines = [0]
        for line in html.split("\n"):
            self.lines.append(self.lines[-1] + len(line) + 1)
        self.feed(html)
        self.close()

    def _add(self, kind, tag=""):
        line, column = self.getpos()
        self.found.append((kind, tag, self.lines[line - 1] + column))

    def handle_starttag(self, tag, attrs): self._add("start", tag)
    def handle_startendtag(self, tag, attrs): self._add("void", tag)
    def handle_endtag(self, tag): self._add("end", tag)
    def handle_data(self, data): self._add("text")
    def handle_entityref(self, name): self._add("entity")
    def handle_charref(self, name): self._add("entity")
    def handle_comment(self, data): self._add("other")
    def handle_decl(self, decl): self._add("other")
    def handle_pi(self, data): self._add("other")
    def unknown_decl(self, data): self._add("other")

    def events(self):
        ends = [start for _, _, start in self.found[1:]] + [len(self.html)]
        return _merged([(kind, tag, start, end) for (kind, tag, start), end in zip(self.found, ends)])


def _merged(events):
    """Adjacent text pieces as one (html.parser splits text where it pleases)."""
    out = []
    for kind, tag, start, end in events:
        if start == end:
            continue
        if out and kind == "text" and out[-1][0] == "text":
            out[-1] = ("text", "", out[-1][2], end)
        else:
            out.append((kind, tag, start, end))
    return out


def test_the_markup_reader_reads_what_html_parser_reads():
    """typeset_html reads markup with one regular expression (twice as fast as html.parser): it must see the
    same tags, text and references in every print document, every cut of them, and the odd cases that
    serialised HTML can hold (malformed end tags like '</ p>' it cannot: html.parser's reading of those
    is its own, and changes between Python versions)."""
    import random

    from build_tools.loader import load_curriculum
    from build_tools.markup.typography import _events
    from build_tools.print.documents import build_documents
    from conftest import REPO

    curriculum, _ = load_curriculum(REPO)
    built = build_documents(curriculum, finish=False)
    documents = [part.html for doc in built for part in doc.parts] + [doc.html for doc in built if not doc.parts]
    odd = ['<p title="a>b">"x" 5 - 6</p>', "<p>a < b &ampx &#34 &#x27;q&#39;</p>", '<!-- "c" --><p>"d"</p>',
           '<script>if (a<b) x="1-2"</script><p>"q"</p>', '<style>p:before{content:"<b>"}</style>', "<p>x<br/>'y'",
           "<P CLASS='k'>\"A\"</P>", "<!DOCTYPE html><?pi x?><p>...</p><!-- unclosed", "<p>&#34"]
    random.seed(11)
    cuts = [text[i:i + random.randrange(1, 2000)] for text in documents for i in random.sample(range(len(text)), 20)]
    for html in documents + odd + cuts:
        assert _merged(_events(html)) == _ReferenceEvents(html).events(), html[:200]
