"""Content HTML is sanitised, plain text is escaped, and print reads no file it was not given."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from build_tools.markup.markdown import EXTENSIONS, markdown_text, render
from build_tools.markup.sanitize import clean_html, plain_html
from build_tools.print.documents import PrintDocument
from build_tools.print.render import render_documents
from build_tools.print.worker import allowed_url

from conftest import build, edit, run_auroras


@pytest.mark.parametrize("dirty", [
    '<script>alert(1)</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a rel="attachment" href="file:///proc/self/environ">x</a>',
    '<p style="background:url(https://evil.example/x)" onclick="x()">x</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<object data="x.swf"></object><embed src="x">',
    '<form action="https://evil.example"><input name=a></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/"><link rel="stylesheet" href="https://evil.example/x.css">',
    '<style>body{display:none}</style>',
    '<img src="file:///etc/passwd"><img src="/etc/passwd"><img src="//evil.example/x.png">',
])
def test_sanitiser_removes_active_and_outside_content(dirty):
    clean = clean_html(dirty).lower()
    for bad in ("<script", "onerror", "onclick", "onload", "javascript", "data:", "file:", "<iframe", "<svg",
                "<object", "<embed", "<form", "<input", "<meta", "<base", "<link", "<style", "style=",
                "attachment", "evil.example", "/etc/passwd"):
        assert bad not in clean, (dirty, clean)


def test_sanitiser_keeps_what_content_needs():
    html = render(
        "## Otsikko\n\nTeksti **lihava** ja *kursiivi*, [linkki](https://www.suomi.fi/) ja "
        "[posti](mailto:info@example.fi) ja [kohta](#vaihe-1).\n\n"
        "| A | B |\n|---|--:|\n| 1 | 2 |\n\n"
        "!!! tip \"Vinkki\"\n    Sisältö\n\n"
        "3. kolme\n4. neljä\n\n![Kuva tuoleista](kuva.svg)\n")
    for kept in ('<h2 id="otsikko">', "<strong>lihava</strong>", "<em>kursiivi</em>",
                 'href="https://www.suomi.fi/"', 'href="mailto:info@example.fi"', 'href="#vaihe-1"',
                 '<td align="right">2</td>', 'class="admonition tip"', '<ol start="3">',
                 'src="kuva.svg"', 'alt="Kuva tuoleista"'):
        assert kept in html, (kept, html)


def test_plain_text_fields_show_literally_in_markdown():
    text = markdown_text('<b>x</b> *y* [z](javascript:alert(1)) a|b \\ & "q"')
    html = render(text)
    assert "<b>" not in html and "<em>" not in html and "<a" not in html
    assert "&lt;b&gt;x&lt;/b&gt; *y* [z](javascript:alert(1)) a|b \\ &amp;" in html


def test_plain_html_escapes_once():
    assert plain_html('<b> & "x"') == "&lt;b&gt; &amp; &quot;x&quot;"
    assert plain_html(plain_html('<b> & "x"')) == plain_html('<b> & "x"')


def test_print_fetcher_allows_only_fonts_and_embedded_images():
    fonts = frozenset({"file:///usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"})
    assert allowed_url("file:///usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", fonts)
    assert allowed_url("data:image/png;base64,iVBORw0KGgo=", fonts)
    assert allowed_url("data:image/svg+xml;charset=utf-8,%3Csvg%3E", fonts)
    for url in ("file:///etc/passwd", "file:///proc/self/environ", "https://example.org/x.png",
                "http://127.0.0.1/", "data:text/html,<b>x</b>", "data:application/pdf;base64,JVBE",
                "ftp://example.org/x", "file:///usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"):
        assert not allowed_url(url, fonts), url


def test_pdf_embeds_no_file_even_from_unsanitised_html(tmp_path: Path):
    """The fetcher is the last line: raw attachments, images and stylesheets pointing at files stay out."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SALAISUUS-4711", encoding="utf-8")
    html = (f'<!doctype html><html lang="fi"><head><title>t</title>'
            f'<link rel="attachment" href="{secret.as_uri()}">'
            f'<link rel="stylesheet" href="{secret.as_uri()}"></head><body><p>Hei</p>'
            f'<a rel="attachment" href="{secret.as_uri()}">liite</a>'
            f'<img src="{secret.as_uri()}"><img src="/etc/hostname"></body></html>')
    result, = render_documents([PrintDocument("pdf/x.pdf", "t", "mentor", html)], tmp_path / "cache", tmp_path,
                               workers=1)
    data = result.file.read_bytes()
    assert b"EmbeddedFile" not in data and b"FileAttachment" not in data
    listing = subprocess.run(["pdfdetach", "-list", str(result.file)], capture_output=True, text=True)
    assert listing.stdout.strip().startswith("0 embedded files"), listing.stdout
    text = subprocess.run(["pdftotext", str(result.file), "-"], capture_output=True, text=True).stdout
    assert "Hei" in text and "SALAISUUS" not in text


def _handlers(html: str) -> list[str]:
    """Event-handler attributes (on…=) of the elements of a page."""
    from html.parser import HTMLParser
    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(f"{tag} {name}" for name, _ in attrs if name.startswith("on"))

    Parser().feed(html)
    return found


def test_hostile_title_and_summary_are_text_everywhere(mini: Path, tmp_path: Path):
    theme = mini / "themes" / "01-alku" / "theme.yml"
    edit(theme, "title: Alku", 'title: "<script>alert(1)</script> a\\\\b | c \\"d\\": e"')
    edit(theme, "summary: Ryhmä tutustuu toisiinsa.", 'summary: "Ryhmä <img src=x onerror=alert(2)> tutustuu."')
    site = tmp_path / "site"
    result = build(mini, site)
    assert result.returncode == 0, result.stderr
    shown = "&lt;script&gt;alert(1)&lt;/script&gt; a\\b | c"
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and not _handlers(html), page
        assert "title:" not in html.split("<article", 1)[-1]  # no front matter shown as text
    page = (site / "teemat" / "alku" / "index.html").read_text(encoding="utf-8")
    assert shown in page
    # Raw HTML in a Markdown field is shown as text, never as an element.
    assert "Ryhmä &lt;img src=x onerror=alert(2)&gt; tutustuu." in page
    for name in ("index.html", "404.html", "sanasto/index.html"):  # the navigation of other pages too
        assert shown in (site / name).read_text(encoding="utf-8"), name
    # The check tells the editor at the exact line.
    check = run_auroras(mini, "check")
    assert check.returncode == 1
    assert "themes/01-alku/theme.yml:3:9: raakaa HTML:ää ('<script>')" in check.stderr
    assert "themes/01-alku/theme.yml:4:17: raakaa HTML:ää ('<img" in check.stderr
    assert "Traceback" not in check.stderr


def test_markdown_extensions_come_from_the_core(mini: Path, tmp_path: Path):
    """mkdocs.yml without any markdown_extensions gives the same pages; a conflicting setting fails clearly."""
    config = mini / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "markdown_extensions" not in text
    plain = build(mini, tmp_path / "a")
    assert plain.returncode == 0, plain.stderr
    page = (tmp_path / "a" / "teemat" / "alku" / "index.html").read_text(encoding="utf-8")
    assert 'id="vaihe-1"' in page and "{ #vaihe" not in page and 'class="admonition' in page
    assert 'class="headerlink"' in page
    config.write_text(text + "\nmarkdown_extensions:\n  - toc:\n      toc_depth: 2\n", encoding="utf-8")
    broken = build(mini, tmp_path / "b")
    assert broken.returncode != 0
    assert "toc_depth" in broken.stderr and "build_tools/markup/markdown.py" in broken.stderr
    assert "Traceback" not in broken.stderr
    assert set(EXTENSIONS) >= {"attr_list", "md_in_html", "admonition", "tables", "sane_lists"}
