"""Render the curriculum into Markdown pages for any Markdown site generator.

Nothing here knows MkDocs: the output is a list of files (path + Markdown
text, or path + source file to copy), plus markers that hand-written pages
may contain (``<!-- auroras:theme-cards -->``) and their replacement text.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import quote

import jinja2
import yaml
from markupsafe import Markup

from ..markup.markdown import markdown_text, plain_text, prepare
from ..markup.audience import mentor_view
from ..markup.sanitize import plain_html
from ..markup.sentences import full_stop
from ..glossary import build_glossary, by_letter
from ..model import ACTIVITY_KINDS, PHASE_KINDS, WORD_CLASSES, A2Lesson, Curriculum, Session, Theme
from ..slugs import term_anchor
from ..timetable import slots
from .groups import GROUPS_DIR, group_nav, render_groups
from .site_files import GeneratedFile, SitePages

THEMES_DIR = "teemat"
LESSONS_DIR = "a2"
THEMES_INDEX = f"{THEMES_DIR}/index.md"  # also links the mentor binder
LESSONS_INDEX = f"{LESSONS_DIR}/index.md"  # also links the A2 binder
SESSIONS_DIR = "tapaamiset"
GLOSSARY_PAGE = "sanasto.md"
PRINTS_PAGE = "tulosteet.md"

LANGUAGE_NAMES = {
    "en": "englanti", "sv": "ruotsi", "ru": "venäjä", "uk": "ukraina", "ar": "arabia", "fa": "persia",
    "so": "somali", "ku": "kurdi", "ti": "tigrinja", "tr": "turkki", "es": "espanja", "fr": "ranska",
    "de": "saksa", "pt": "portugali", "zh": "kiina", "vi": "vietnam", "th": "thai", "et": "viro",
    "sq": "albania", "prs": "dari", "ps": "pashto", "am": "amhara", "hi": "hindi", "bn": "bengali",
}


def theme_page(theme: Theme) -> str:
    return f"{THEMES_DIR}/{theme.slug}.md"


def lesson_page(lesson: A2Lesson) -> str:
    return f"{LESSONS_DIR}/{lesson.slug}.md"


def session_page(session: Session) -> str:
    return f"{SESSIONS_DIR}/{session.slug}.md"


def plan_page(plan: Theme | A2Lesson | Session) -> str:
    if isinstance(plan, A2Lesson):
        return lesson_page(plan)
    return session_page(plan) if isinstance(plan, Session) else theme_page(plan)


def relative(from_page: str, to_page: str) -> str:
    """Relative link between two source pages, as Markdown links are written."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def shift_headings(markdown: str, by: int) -> str:
    """Demote Markdown headings (outside code fences) so embedded text nests under a section."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and re.match(r"^#{1,6}\s", line):
            hashes = len(line) - len(line.lstrip("#"))
            line = "#" * min(6, hashes + by) + line[hashes:]
        out.append(line)
    return "\n".join(out).strip() + "\n"


def _indent(text: str, width: int = 4) -> str:
    pad = " " * width
    return "\n".join(pad + line if line.strip() else "" for line in str(text).strip().splitlines())


def _finalize(value: object) -> object:
    """Every ``{{ value }}`` of a page template is plain text unless a filter marked it as Markdown."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, int):
        return str(value)
    return markdown_text(value)


def _md(text: str | None) -> Markup:
    """A Markdown field of the content, prepared as every output renders it."""
    return Markup(prepare(text or "").strip())


def _md_line(text: str | None) -> Markup:
    """A Markdown field inside a table cell or a card: on one line, ``|`` escaped."""
    return Markup(" ".join(prepare(text or "").split()).replace("|", "\\|"))


RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "he", "ur", "ckb"})


def foreign(text: str | None, code: str) -> Markup:
    """Plain text in another language, marked for screen readers and hyphenation (lang, and dir for RTL)."""
    if not text:
        return Markup("")
    direction = ' dir="rtl"' if code in RTL_LANGUAGES else ""
    return Markup(f'<span lang="{plain_html(code)}"{direction}>{markdown_text(text)}</span>')


def _url(value: str) -> Markup:
    """A link or image address inside Markdown: characters that would end it are percent-encoded."""
    return Markup(quote(str(value), safe="/:#?&=%@+,;~!$*'-._"))


def front_matter(**fields: str) -> Markup:
    """YAML front matter written by a serializer; values are escaped as the engines show them as HTML."""
    values = {key: plain_html(" ".join(str(value).split())) for key, value in fields.items() if value}
    return Markup("---\n" + yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=10_000) + "---\n")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("build_tools.web", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = lambda text: Markup(markdown_text(text))
    env.filters["md"] = _md
    env.filters["md_line"] = _md_line
    env.filters["block"] = lambda text: Markup(_indent(prepare(text)))
    env.filters["url"] = _url
    env.filters["anchor"] = lambda term, among=(): Markup(term_anchor(term, among))
    env.filters["word_class"] = WORD_CLASSES.__getitem__
    env.filters["language"] = lambda code: LANGUAGE_NAMES.get(code, code).capitalize()
    env.filters["full_stop"] = full_stop
    env.filters["foreign"] = foreign
    env.globals.update(
        ACTIVITY_KINDS=ACTIVITY_KINDS, PHASE_KINDS=PHASE_KINDS, WORD_CLASSES=WORD_CLASSES,
        LANGUAGE_NAMES=LANGUAGE_NAMES, theme_page=theme_page, lesson_page=lesson_page,
        relative=lambda from_page, to_page: Markup(_url(relative(from_page, to_page))),
        front_matter=front_matter, plain_text=plain_text,
    )
    return env


def materials_checklist(theme: Theme) -> list[str]:
    """Every material of the session once, in the order first needed."""
    seen: dict[str, str] = {}
    for activity in theme.activities:
        for item in activity.materials:
            seen.setdefault(item.casefold(), item)
    return list(seen.values())


def translation_languages(items) -> list[str]:
    codes = sorted({code for item in items for code in item.translations})
    return sorted(codes, key=lambda c: (c != "en", c))


def nav_sections(curriculum: Curriculum) -> dict[str, list[tuple[str | None, str]]]:
    """Navigation of the generated folders: prefix -> [(title, page)], the index page first."""
    return {
        f"{THEMES_DIR}/": [(None, f"{THEMES_DIR}/index.md")]
        + [(t.heading, theme_page(t)) for t in curriculum.themes],
        f"{LESSONS_DIR}/": [(None, f"{LESSONS_DIR}/index.md")]
        + [(f"A2: {lesson.title}", lesson_page(lesson)) for lesson in curriculum.lessons],
        f"{SESSIONS_DIR}/": [(None, f"{SESSIONS_DIR}/index.md")]
        + [(session.title, session_page(session)) for session in curriculum.sessions],
        f"{GROUPS_DIR}/": group_nav(curriculum),
    }


def _pdf_links(env: jinja2.Environment, prints, page: str) -> str:
    mine = [p for p in prints or () if p.document.page == page]
    return Markup(env.get_template("pdf_links.md.j2").render(prints=mine, page=page)) if mine else Markup("")


def render_site(curriculum: Curriculum, prints=None) -> SitePages:
    """All generated pages. ``prints`` are the rendered PDFs (None when PDFs are off)."""
    env = _environment()
    settings = curriculum.settings
    site = SitePages()

    # Themes and the other meetings of the half-year share one page layout.
    plans = [(t, theme_page(t), curriculum.lessons_for(t)) for t in curriculum.themes]
    plans += [(s, session_page(s), []) for s in curriculum.sessions]
    for theme, page, lessons in plans:
        folder = curriculum.plan_folder(theme)
        # The mentor's page: each handout with its mentor-only notes shown in place, labelled.
        handouts = [(h, mentor_view(curriculum.text(folder, h.file), shift=2)) for h in theme.handouts]
        site.files.append(GeneratedFile(page, env.get_template("theme.md.j2").render(
            theme=theme, page=page, settings=settings,
            slots=slots(settings.start_minutes, [a.minutes for a in theme.activities]),
            materials=materials_checklist(theme), handouts=handouts,
            languages=translation_languages(theme.vocabulary),
            lessons=lessons, image_dir=theme.slug,
            pdf_links=_pdf_links(env, prints, page),
        )))
        site.files.extend(_images(theme.images, folder, posixpath.splitext(page)[0]))

    for lesson in curriculum.lessons:
        page = lesson_page(lesson)
        folder = curriculum.lesson_folder(lesson)
        extra = lesson.handout.file and mentor_view(curriculum.text(folder, lesson.handout.file), shift=2)
        site.files.append(GeneratedFile(page, env.get_template("lesson.md.j2").render(
            lesson=lesson, page=page, settings=settings, theme=curriculum.theme(lesson.theme),
            slots=slots(settings.start_minutes, [p.minutes for p in lesson.phases]),
            handout_text=extra or "", languages=translation_languages(lesson.vocabulary),
            image_dir=lesson.slug, pdf_links=_pdf_links(env, prints, page),
        )))
        site.files.extend(_images(lesson.images, folder, f"{LESSONS_DIR}/{lesson.slug}"))

    cards = env.get_template("theme_cards.md.j2")
    site.files.append(GeneratedFile(THEMES_INDEX, env.get_template("themes_index.md.j2").render(
        cards=Markup(cards.render(themes=curriculum.themes, base=THEMES_INDEX)),
        pdf_links=_pdf_links(env, prints, THEMES_INDEX))))
    site.files.append(GeneratedFile(LESSONS_INDEX, env.get_template("lessons_index.md.j2").render(
        curriculum=curriculum, page=LESSONS_INDEX, pdf_links=_pdf_links(env, prints, LESSONS_INDEX))))
    entries = build_glossary(curriculum, theme_page, lesson_page)
    site.files.append(GeneratedFile(GLOSSARY_PAGE, env.get_template("glossary.md.j2").render(
        groups=by_letter(entries), count=len(entries), page=GLOSSARY_PAGE)))

    site.files.append(GeneratedFile(f"{SESSIONS_DIR}/index.md", env.get_template("sessions_index.md.j2").render(
        curriculum=curriculum, page=f"{SESSIONS_DIR}/index.md", session_page=session_page)))
    site.files.extend(render_groups(env, curriculum, plan_page, prints))

    site.files.append(GeneratedFile(PRINTS_PAGE, env.get_template("prints.md.j2").render(
        prints=prints, page=PRINTS_PAGE)))

    site.markers["theme-cards"] = cards.render(themes=curriculum.themes, base="index.md")
    return site


def _images(images, folder: Path, prefix: str) -> list[GeneratedFile]:
    return [GeneratedFile(f"{prefix}/{image.path}", source=folder / image.path) for image in images]
