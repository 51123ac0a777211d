"""Files that content points at stay in its folder and are what they claim; links in content are safe and work."""

import os
import struct
import zlib
from pathlib import Path

import pytest

from build_tools.yamlsource import read_source
from build_tools.files import (MAX_IMAGE_BYTES, FileProblem, confined, image_problems, sniff_image,
                               svg_problems)
from build_tools.loader import load_curriculum
from conftest import REPO, edit, line_of, run_auroras
from test_errors import assert_problem, check_fails

THEME = "themes/01-alku/theme.yml"
HANDOUT = "themes/01-alku/monisteet/mina.md"
SECRET = "SALAINEN-SISALTO-42"


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the project (outside the repository) with a secret file in it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    (folder / "secret.png").write_bytes(png_bytes())
    (folder / "mina.md").write_text(f"{SECRET}\n", encoding="utf-8")
    return folder


def use_image(mini: Path, name: str, data: bytes | str | None = None) -> int:
    """Point the theme's image at ``name`` (written with ``data`` if given); returns its YAML line."""
    if data is not None:
        target = mini / "themes/01-alku" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8")
        else:
            target.write_bytes(data)
    edit(mini / THEME, "path: kuva.svg", f"path: {name}")
    return line_of(mini / THEME, f"path: {name}")


def no_secret(result) -> None:
    assert SECRET not in result.stdout + result.stderr


# --- Confinement ---------------------------------------------------------------------------------

def test_handout_symlink_outside_the_repository(mini, outside):
    (mini / "themes/01-alku/monisteet/mina.md").unlink()
    os.symlink(outside / "secret.md", mini / "themes/01-alku/monisteet/mina.md")
    result = run_auroras(mini, "check")
    output = check_fails(mini)
    assert_problem(output, THEME, line_of(mini / THEME, "file: monisteet/mina.md"),
                   "symbolinen linkki projektin ulkopuolelle")
    no_secret(result)
    curriculum, problems = load_curriculum(mini)
    assert curriculum is None and problems


def test_handout_symlink_to_etc_passwd(mini):
    os.symlink("/etc/passwd", mini / "themes/01-alku/monisteet/passwd.md")
    edit(mini / THEME, "file: monisteet/mina.md", "file: monisteet/passwd.md")
    result = run_auroras(mini, "check")
    assert result.returncode == 1
    assert_problem(result.stderr, THEME, line_of(mini / THEME, "passwd.md"), "projektin ulkopuolelle")
    assert "root:" not in result.stdout + result.stderr


def test_image_symlink_outside_the_repository(mini, outside):
    os.symlink(outside / "secret.png", mini / "themes/01-alku/kuva.png")
    line = use_image(mini, "kuva.png")
    assert_problem(check_fails(mini), THEME, line, "kuva.png", "projektin ulkopuolelle")


def test_folder_symlinked_outside_the_repository(mini, outside):
    folder = mini / "themes/01-alku/monisteet"
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    os.symlink(outside, folder)  # monisteet/mina.md now exists, but outside the repository
    result = run_auroras(mini, "check")
    assert_problem(check_fails(mini), THEME, line_of(mini / THEME, "file: monisteet/mina.md"),
                   "projektin ulkopuolelle")
    no_secret(result)


def test_symlink_to_another_content_folder_is_refused(mini):
    other = mini / "a2_lessons/01-tervehdys/kuva.svg"
    other.write_bytes((mini / "themes/01-alku/kuva.svg").read_bytes())
    os.symlink(other, mini / "themes/01-alku/lainattu.svg")
    line = use_image(mini, "lainattu.svg")
    message = assert_problem(check_fails(mini), THEME, line, "a2_lessons/01-tervehdys/kuva.svg", "ulkopuolella")
    assert "kopioi" in message


def test_symlink_inside_the_content_folder_is_fine(mini):
    (mini / "themes/01-alku/kuvat").mkdir()
    os.symlink("../kuva.svg", mini / "themes/01-alku/kuvat/sama.svg")
    use_image(mini, "kuvat/sama.svg")
    result = run_auroras(mini, "check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path, words", [
    ("../../etc/passwd", ["suhteessa tähän kansioon"]),
    ("/etc/passwd", ["suhteessa tähän kansioon"]),
    # Control characters are refused by the YAML loader already; confined() refuses them too (test_confined_api).
    ('"monisteet/mina.md\\0"', ["näkymätön"]),
    ('"monisteet/\\x0bmina.md"', ["näkymätön"]),
    ("monisteet", ["kansio, ei tiedosto"]),
])
def test_bad_handout_paths(mini, path, words):
    edit(mini / THEME, "file: monisteet/mina.md", f"file: {path}")
    result = run_auroras(mini, "check")
    assert_problem(check_fails(mini), THEME, line_of(mini / THEME, f"file: {path}"), *words)
    assert "root:" not in result.stdout + result.stderr


def test_symlink_loop(mini):
    link = mini / "themes/01-alku/monisteet/silmukka.md"
    os.symlink(link, link)
    edit(mini / THEME, "file: monisteet/mina.md", "file: monisteet/silmukka.md")
    assert_problem(check_fails(mini), THEME, line_of(mini / THEME, "silmukka.md"), "symbolinen linkki")


def test_confined_api(mini, outside):
    base = mini / "themes/01-alku"
    assert confined(mini, base, "monisteet/mina.md") == (base / "monisteet/mina.md").resolve()
    assert confined(mini, mini, "themes/01-alku/kuva.svg") == (base / "kuva.svg").resolve()
    os.symlink(outside / "secret.md", base / "ulos.md")
    for relative, reason in [("ulos.md", "outside"), ("../../program.yml", "outside"), ("/etc/passwd", "invalid"),
                             ("a\x00b", "invalid"), ("", "invalid"), ("puuttuu.md", "missing"),
                             ("monisteet", "not-file"), ("C:/x", "invalid"), ("a\\b", "invalid")]:
        with pytest.raises(FileProblem) as caught:
            confined(mini, base, relative)
        assert caught.value.reason == reason, relative
        assert caught.value.message
    # A content folder that is itself a symlink out of the repository.
    os.symlink(outside, mini / "themes/99-ulkona")
    with pytest.raises(FileProblem) as caught:
        confined(mini, mini / "themes/99-ulkona", "secret.md")
    assert caught.value.reason == "outside"


def test_handout_bom_crlf_and_nfd_are_normalised(mini):
    path = mini / HANDOUT
    text = path.read_text(encoding="utf-8")
    import unicodedata
    path.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).replace("\n", "\r\n").encode("utf-8"))
    assert read_source(path) == text
    result = run_auroras(mini, "check")
    assert result.returncode == 0, result.stderr


def test_handout_not_utf8(mini):
    (mini / HANDOUT).write_bytes("## Otsikko\n\nÄiti\n".encode("latin-1"))
    assert_problem(check_fails(mini), HANDOUT, 3, "UTF-8", "rivillä 3")


def test_handout_too_large(mini):
    (mini / HANDOUT).write_text("Aamu on kaunis.\n" * 40_000, encoding="utf-8")
    assert_problem(check_fails(mini), HANDOUT, 1, "liian suuri")


# --- Images --------------------------------------------------------------------------------------

def test_text_renamed_png(mini):
    line = use_image(mini, "kuva.png", "Tämä on tekstiä, ei kuva.\n")
    assert_problem(check_fails(mini), THEME, line, "'kuva.png' ei ole kuva")


def test_png_named_jpg(mini):
    line = use_image(mini, "kuva.jpg", png_bytes())
    assert_problem(check_fails(mini), THEME, line, "PNG-kuva", "vaihda päätteeksi .png")


def test_svg_named_png(mini):
    line = use_image(mini, "kuva.png", (mini / "themes/01-alku/kuva.svg").read_bytes())
    assert_problem(check_fails(mini), THEME, line, "SVG-kuva", ".svg")


def test_real_png_passes(mini):
    use_image(mini, "kuvat/Kuva.PNG", png_bytes())
    result = run_auroras(mini, "check")
    assert result.returncode == 0, result.stderr


def test_unknown_image_type(mini):
    line = use_image(mini, "kuva.bmp", b"BM" + b"\x00" * 60)
    assert_problem(check_fails(mini), THEME, line, "'.bmp' ei käy", "PNG", "SVG")


def test_empty_image(mini):
    line = use_image(mini, "kuva.gif", b"")
    assert_problem(check_fails(mini), THEME, line, "tyhjä")


def test_image_too_large(mini):
    line = use_image(mini, "iso.png", png_bytes() + b"\x00" * MAX_IMAGE_BYTES)
    assert_problem(check_fails(mini), THEME, line, "liian suuri", "5 Mt")


@pytest.mark.parametrize("data, kind", [
    (png_bytes(), "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
    (b"GIF89a\x01\x00\x01\x00", "GIF"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP"),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
    (b"\x89PNG but not really", None),
    (b"<html><body>hei</body></html>", None),
    (b"%PDF-1.7", None),
])
def test_sniff_image(data, kind):
    assert sniff_image(data) == kind


# --- SVG -----------------------------------------------------------------------------------------

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">\n'


@pytest.mark.parametrize("body, words", [
    ('<script>alert(1)</script>', ["<script>", "rivillä 2"]),
    ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>', ["<foreignObject>"]),
    ('<rect width="1" height="1" onclick="alert(1)"/>', ["onclick"]),
    ('<a href="javascript:alert(1)"><text>x</text></a>', ["ulkoinen viittaus", "javascript:"]),
    ('<use xlink:href="https://evil.example/x.svg#a"/>', ["ulkoinen viittaus", "evil.example"]),
    ('<image href="data:image/png;base64,AAAA"/>', ["ulkoinen viittaus", "data:"]),
    ('<image href="file:///etc/passwd"/>', ["ulkoinen viittaus"]),
    ('<style>@import url(https://evil.example/a.css);</style>', ["@import"]),
    ('<style><![CDATA[rect { fill: url(http://evil.example/p) }]]></style>', ["url(http://evil.example/p)"]),
    ('<rect style="fill: url(\'https://evil.example/p\')"/>', ["url(https://evil.example/p)"]),
    ('<rect fill="url(https://evil.example/p#g)"/>', ["url(https://evil.example/p#g)"]),
    ('<set attributeName="href" to="javascript:alert(1)"/>', ["<set>", "href"]),
    ('<handler type="application/ecmascript">alert(1)</handler>', ["<handler>"]),
])
def test_svg_active_content_is_refused(mini, body, words):
    line = use_image(mini, "paha.svg", SVG_HEAD + body + "\n</svg>\n")
    message = assert_problem(check_fails(mini), THEME, line, "SVG-kuva 'paha.svg'", *words)
    assert "rivillä" in message


@pytest.mark.parametrize("text, words", [
    ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
     + SVG_HEAD + "<text>&b;</text></svg>", ["DOCTYPE", "rivillä 2"]),
    ('<?xml version="1.0"?>\n<!ENTITY x SYSTEM "file:///etc/passwd">' + SVG_HEAD + "</svg>", ["ENTITY"]),
    ('<?xml version="1.0"?>\n<?xml-stylesheet href="https://evil.example/a.css"?>\n' + SVG_HEAD + "</svg>",
     ["xml-stylesheet"]),
    ('<svg viewBox="0 0 1 1"><rect/></svg>', ["xmlns"]),
    (SVG_HEAD + "<rect>\n</svg>", ["XML", "rivi 3"]),
    (SVG_HEAD + "<text>&nbsp;</text></svg>", ["XML", "entiteetti"]),
])
def test_svg_declarations_and_broken_xml(mini, text, words):
    line = use_image(mini, "paha.svg", text)
    output = check_fails(mini)
    assert_problem(output, THEME, line, "SVG-kuva 'paha.svg'", *words)
    assert "aaaaaaaaaaaaaaaaaaaa" not in output


def test_svg_root_must_be_svg(mini):
    line = use_image(mini, "kuva2.svg", '<html xmlns="http://www.w3.org/1999/xhtml"><svg/></html>')
    assert_problem(check_fails(mini), THEME, line, "juurielementin", "<svg>", "<html>")


def test_svg_reports_every_problem():
    problems = svg_problems((SVG_HEAD + '<script/>\n<rect onload="x"/>\n</svg>').encode())
    assert problems == ["rivillä 2 on <script>-elementti (ohjelmakoodia); poista se",
                        'rivillä 3 on tapahtumankäsittelijä onload="…" (ohjelmakoodia); poista se']


def test_safe_svg_features_pass():
    svg = (SVG_HEAD + '<defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
           '<style>rect { fill: url(#g); }</style></defs>\n<rect id="r" fill="url(#g)" style="stroke: url( \'#g\' )"/>'
           '<use href="#r"/><use xlink:href="#r"/><a href="#r"><text>x</text></a></svg>')
    assert svg_problems(svg.encode()) == []


def test_real_content_images_pass():
    images = [p for top in ("themes", "a2_lessons") for p in sorted((REPO / top).rglob("*"))
              if p.suffix.lower() in (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")]
    assert images
    for path in images:
        assert image_problems(path, path.name) == [], path
    fixture = REPO / "tests/fixtures/mini/themes/01-alku/kuva.svg"
    assert image_problems(fixture, fixture.name) == []


# --- Links in content ----------------------------------------------------------------------------

def add_to_handout(mini: Path, text: str) -> Path:
    path = mini / HANDOUT
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    return path


def assert_link_problem(mini: Path, path: str, needle: str, *words: str, column: int | None = None) -> str:
    output = check_fails(mini)
    line = line_of(mini / path, needle)
    message = assert_problem(output, path, line, *words)
    if column is not None:
        assert f"{path}:{line}:{column}: {message}" in output
    return message


def test_broken_relative_link_in_handout_is_caught_by_check(mini):
    add_to_handout(mini, "Täytä [lomake](lomake.pdf) ennen tapaamista.")
    message = assert_link_problem(mini, HANDOUT, "[lomake](lomake.pdf)", "'lomake.pdf' ei löydy", "themes/01-alku",
                                  column=len("Täytä [lomake](") + 1)
    assert "https://" in message


@pytest.mark.parametrize("markdown, needle, words", [
    ("[x](javascript:alert(1))", "javascript:alert", ["vaarallinen linkki", "javascript:"]),
    ("[x](<javascript:alert(1)>)", "<javascript:", ["vaarallinen linkki", "javascript:"]),
    ("[x](JavaScript:alert(1))", "JavaScript:", ["vaarallinen linkki", "javascript:"]),
    ("[x](vbscript:msgbox)", "vbscript:", ["vaarallinen linkki", "vbscript:"]),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:text", ["vaarallinen linkki", "data:"]),
    ("[x](file:///etc/passwd)", "file:///", ["vaarallinen linkki", "file:"]),
    ('<a href="javascript:alert(1)">x</a>', '<a href="javascript', ["vaarallinen linkki"]),
    ("<a href='java&#115;cript:alert(1)'>x</a>", "java&#115;cript", ["vaarallinen linkki", "javascript:"]),
    ('[x](https://example.org){: href="javascript:alert(1)" }', '{: href="javascript', ["vaarallinen linkki"]),
    ("[x](http://example.org/)", "http://example.org", ["https://", "suojattu"]),
    ("<http://example.org/>", "<http://example.org", ["https://", "suojattu"]),
    ("[x](tel:+358401234567)", "tel:", ["'tel:'", "https://"]),
    ("[x](//evil.example/a)", "//evil.example", ["'https://evil.example/a'"]),
    ("[x](/etc/passwd)", "(/etc/passwd)", ["sivuston juureen"]),
    ("[x](../../../program.yml)", "../../../program.yml", ["ulkopuolelle"]),
    ("[x](../a2/index.md)", "../a2/index.md", ["sivuston sivulle"]),
    ("[x](sanasto/)", "(sanasto/)", ["sivuston sivulle"]),
    ("![x](https://tracker.example/pixel.png)", "tracker.example", ["toiselta palvelimelta"]),
    ("![x](puuttuu.png)", "puuttuu.png", ["kuvaa 'puuttuu.png' ei löydy"]),
    ("[x]()", "[x]()", ["puuttuu osoite"]),
])
def test_unsafe_or_broken_links_in_handout(mini, markdown, needle, words):
    add_to_handout(mini, f"Lue tämä: {markdown} nyt.")
    assert_link_problem(mini, HANDOUT, needle, *words)


def test_reference_link_is_reported_at_its_definition(mini):
    add_to_handout(mini, "Katso [ohje][1] ja [toinen][1].\n\nLoppu.\n\n[1]: javascript:alert(1)")
    message = assert_link_problem(mini, HANDOUT, "[1]: javascript", "vaarallinen linkki", column=len("[1]: ") + 1)
    assert "javascript:alert(1)" in message


def test_shortcut_reference_link(mini):
    add_to_handout(mini, "Katso [ohje].\n\n[ohje]: javascript:alert(1)")
    assert_link_problem(mini, HANDOUT, "[ohje]: javascript", "vaarallinen linkki")


def test_texts_without_link_syntax_are_not_rendered():
    from build_tools.quality.links import urls_in_markdown
    assert urls_in_markdown("Tavallinen teksti, jossa on (sulkuja) ja [hakasulkeita].") == []
    # The prefilter lets through everything that can become a link, and the shared converter is reset.
    assert [u.url for u in urls_in_markdown("[a][1]\n\n[1]: https://a.fi")] == ["https://a.fi"]
    assert urls_in_markdown("[a][1]") == []


def test_same_url_twice_reports_both_lines(mini):
    add_to_handout(mini, "Eka [a](http://x.fi).\n\nToka [b](http://x.fi).")
    output = check_fails(mini)
    text = (mini / HANDOUT).read_text(encoding="utf-8").splitlines()
    lines = [n for n, line in enumerate(text, 1) if "http://x.fi" in line]
    for line in lines:
        assert_problem(output, HANDOUT, line, "https://")


def test_good_links_pass(mini):
    add_to_handout(mini, "Lue [Suomi.fi](https://www.suomi.fi/) ja <https://www.infofinland.fi/>, kysy "
                         "<info@example.org> tai [meiliä](mailto:info@example.org). [Ylös](#kerro-itsestasi).")
    result = run_auroras(mini, "check")
    assert result.returncode == 0, result.stderr


def test_file_next_to_content_must_be_published(mini):
    (mini / "themes/01-alku/lomake.pdf").write_bytes(b"%PDF-1.7\n")
    add_to_handout(mini, "Täytä [lomake](lomake.pdf).")
    assert_link_problem(mini, HANDOUT, "(lomake.pdf)", "'lomake.pdf' ei julkaista", "images")


def test_declared_image_inside_the_text(mini):
    # The build cannot show it there (the web page and the PDF do not resolve it), so check says so first.
    add_to_handout(mini, "![Tuolit](kuva.svg) ja [kuva](kuva.svg#x)")
    output = check_fails(mini)
    line = line_of(mini / HANDOUT, "![Tuolit](kuva.svg)")
    assert f"{HANDOUT}:{line}:11:" in output and f"{HANDOUT}:{line}:31:" in output
    assert_problem(output, HANDOUT, line, "kuvaa 'kuva.svg' ei voi näyttää tekstin keskellä", "Kuvat-osiossa")


def test_path_read_from_the_handout_folder(mini):
    (mini / "themes/01-alku/monisteet/kuvat").mkdir()
    (mini / "themes/01-alku/monisteet/kuvat/k.svg").write_bytes((mini / "themes/01-alku/kuva.svg").read_bytes())
    (mini / "themes/01-alku/monisteet/lomake.pdf").write_bytes(b"%PDF-1.7\n")
    edit(mini / THEME, "path: kuva.svg", "path: monisteet/kuvat/k.svg")
    add_to_handout(mini, "![Tuolit](kuvat/k.svg)\n\n[Lomake](lomake.pdf)")
    output = check_fails(mini)
    assert_problem(output, HANDOUT, line_of(mini / HANDOUT, "(kuvat/k.svg)"), "'monisteet/kuvat/k.svg'",
                   "tekstin keskellä")
    assert_problem(output, HANDOUT, line_of(mini / HANDOUT, "(lomake.pdf)"), "'monisteet/lomake.pdf' ei julkaista")


def test_link_symlinked_outside_is_refused(mini, outside):
    os.symlink(outside / "secret.png", mini / "themes/01-alku/ulos.png")
    add_to_handout(mini, "![x](ulos.png)")
    result = run_auroras(mini, "check")
    assert result.returncode == 1
    assert_problem(result.stderr, HANDOUT, line_of(mini / HANDOUT, "ulos.png"), "projektin ulkopuolelle")


def test_link_in_yaml_block_scalar_is_reported_at_its_line(mini):
    path = mini / THEME
    edit(path, "    instructions: Pidetään tauko.\n",
         "    instructions: |\n      Pidetään tauko.\n\n      Katso [ohje](javascript:alert(1)) ennen taukoa.\n")
    line = line_of(path, "[ohje](javascript")
    assert line == line_of(path, "instructions: |") + 3
    assert_link_problem(mini, THEME, "[ohje](javascript", "vaarallinen linkki",
                        column=len("      Katso [ohje](") + 1)


def test_link_in_yaml_folded_and_quoted_fields(mini):
    path = mini / THEME
    edit(path, "summary: Ryhmä tutustuu toisiinsa.",
         "summary: >\n  Ryhmä tutustuu toisiinsa.\n  Lue [tämä](http://example.org) ensin.")
    edit(path, "  - Hymyile.", '  - "Hymyile ja katso [x](file:///etc/passwd)."')
    edit(path, "participant_task: Kerro nimesi.", "participant_task: 'Kerro [nimesi](data:text/html,x).'")
    output = check_fails(mini)
    assert_problem(output, THEME, line_of(path, "http://example.org"), "https://")
    assert_problem(output, THEME, line_of(path, "file:///etc/passwd"), "vaarallinen linkki", "file:")
    assert_problem(output, THEME, line_of(path, "data:text/html"), "vaarallinen linkki", "data:")


def test_link_in_lesson_script(mini):
    path = mini / "a2_lessons/01-tervehdys/lesson.yml"
    edit(path, "script: Sano hei.}", "script: 'Sano [hei](vbscript:x).'}")
    assert_link_problem(mini, "a2_lessons/01-tervehdys/lesson.yml", "vbscript:x", "vaarallinen linkki")


def test_plain_text_fields_are_not_links(mini):
    # Titles are shown as text (escaped), so a link there is not a link; other checks own them.
    from build_tools.quality.links import urls_in_markdown
    assert [u.url for u in urls_in_markdown("[a](https://a.fi) <b@c.fi> ![i](k.png)")] == \
        ["https://a.fi", "mailto:b@c.fi", "k.png"]


def test_real_content_links_pass():
    from build_tools.diagnostics import Problems
    from build_tools.quality.links import check_links
    curriculum, problems = load_curriculum(REPO)
    assert curriculum is not None, problems.items
    found = Problems(REPO)
    check_links(curriculum, found)
    assert not found.items, found.items
