"""The printable documents, as print HTML built from the content model.

Each :class:`PrintDocument` is complete, self-contained HTML (Finnish
hyphenation already applied); the renderer turns it into a PDF.  The
templates are our own print templates, not the website's pages.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import html as html_module
import mimetypes
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import jinja2
import segno
from markupsafe import Markup

from ..markup.audience import split_mentor_only
from ..markup.markdown import plain_text
from ..markup.markdown import render as render_markdown
from ..markup.typography import typeset_text
from ..markup.sentences import full_stop
from ..model import ACTIVITY_KINDS, PHASE_KINDS, SESSION_KINDS, WORD_CLASSES, A2Lesson, Curriculum, Session, Theme
from ..semester import WEEKDAY_ADVERBS, finnish_date, resolve
from ..stages import public_url
from ..timetable import slots
from ..web.groups import group_page, published_plans
from ..web.pages import LANGUAGE_NAMES, lesson_page, materials_checklist, plan_page, session_page, shift_headings
from ..web.pages import LESSONS_INDEX, THEMES_INDEX, theme_page
from ..web.pages import translation_languages
from .binder import TOC_PREFIX, part_css
from .finishing import Finisher
from .worksheet import writing_space

PDF_DIR = "pdf"


@dataclass(frozen=True)
class BinderPart:
    """One section of the binder, rendered as a PDF of its own and cached by its HTML alone.

    ``anchor`` is the section's id (the contents link to it); ``number`` and ``title`` are its line in
    the contents."""

    anchor: str
    number: str
    title: str
    html: str


@dataclass(frozen=True)
class PrintDocument:
    """One PDF to render: where it goes, what it is, and its print HTML (images embedded, so the
    HTML alone is the document's content for the cache key).

    A binder (the mentor binder, the A2 binder) is made of ``parts`` (overview, guide, one per theme or
    A2 lesson) and a ``front`` (cover and contents) whose HTML depends on the page each part starts on:
    ``front(starts)`` with ``starts[anchor]`` the part's first page.  Its ``html`` is then all of them
    together, for reading only.
    """

    path: str  # e.g. pdf/teema-01-aloitus-mentori.pdf, relative to the site root
    title: str
    kind: str  # mentor, participant, a2, binder, a2-binder, plan
    html: str
    # Which theme or lesson the document belongs to (for links from pages).
    page: str | None = None
    parts: tuple[BinderPart, ...] = ()
    front: Callable[[dict[str, int]], str] | None = field(default=None, compare=False)
    part_css: str = ""  # the binder parts' stylesheet after print.css
    # False: ``html`` (and the parts' and front's) is the templates' output, which the render workers
    # finish (typography and hyphenation, ``Finisher``) before they lay it out.
    finished: bool = True

    @property
    def label(self) -> str:
        return DOCUMENT_LABELS[self.kind]


DOCUMENT_LABELS = {
    "mentor": "Mentorin paketti",
    "participant": "Osallistujan moniste",
    "a2": "A2-tunnin paketti",
    "binder": "Mentorin kansio (kaikki teemat)",
    "a2-binder": "A2-kansio (kaikki A2-tunnit)",
    "plan": "Puolen vuoden suunnitelma",
}


def _md(text: str | None, shift: int = 0) -> Markup:
    """Content Markdown to sanitised HTML, with the project's one Markdown configuration."""
    if not text:
        return Markup("")
    return Markup(render_markdown(shift_headings(text, shift) if shift else text))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("build_tools.print", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = _md
    env.filters["worksheet"] = lambda html: Markup(writing_space(str(html)))
    env.filters["word_class"] = lambda code: WORD_CLASSES.get(code, code) if code else ""
    env.filters["language"] = lambda code: LANGUAGE_NAMES.get(code, code).capitalize()
    env.filters["full_stop"] = full_stop
    env.globals.update(ACTIVITY_KINDS=ACTIVITY_KINDS, PHASE_KINDS=PHASE_KINDS)
    return env


def _created() -> str | None:
    """Creation date for PDF metadata: SOURCE_DATE_EPOCH if set, else none (stays deterministic)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@functools.lru_cache(maxsize=None)
def _qr(url: str) -> str:
    # A fixed mask pattern skips segno's search over all eight masks; any mask scans.
    return segno.make(url, error="m", mask=2).svg_data_uri(scale=4, border=2, dark="#1d1033")


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def page_url(site_url: str, page: str) -> str:
    """Public URL of a generated page (directory URLs): teemat/cv.md -> <site>/teemat/cv/."""
    return public_url(site_url, page)


_HREF = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def absolute_links(html: str, page: str | None, site_url: str) -> str:
    """Print HTML whose links to the site (relative, as content writes them) are public URLs.

    A PDF has no site around it: WeasyPrint would resolve "a2/index.md" against the build's own folder
    and print a link to a file on the build machine.  Relative links are resolved as the site does,
    from the page the text is on (``page``; the site root if None): a Markdown page becomes its public
    address, anything else the address of that file on the site.
    """
    base = posixpath.dirname(page) if page else ""

    def resolve(match: re.Match) -> str:
        href = html_module.unescape(match.group(2))
        if not href or href.startswith("#") or _SCHEME.match(href):
            return match.group(0)
        target, _, fragment = href.partition("#")
        path = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(base, target))
        while path.startswith("../"):  # above the site root: the site root, as a browser would
            path = path[3:]
        path = "" if path in (".", "..") else path
        url = (public_url(site_url, path) if path.endswith(".md")
               else site_url.rstrip("/") + "/" + path)
        url += f"#{fragment}" if fragment else ""
        return match.group(1) + html_module.escape(url) + match.group(3)
    return _HREF.sub(resolve, html)


def pdf_name(kind: str, item: Theme | Session | A2Lesson | None = None) -> str:
    if kind == "binder":
        return f"{PDF_DIR}/mentorin-kansio.pdf"
    if kind == "a2-binder":
        return f"{PDF_DIR}/a2-kansio.pdf"
    if kind == "a2":
        return f"{PDF_DIR}/a2-{item.number:02d}-{item.slug}.pdf"
    suffix = "mentori" if kind == "mentor" else "osallistuja"
    if isinstance(item, Session):
        return f"{PDF_DIR}/tapaaminen-{item.slug}-{suffix}.pdf"
    return f"{PDF_DIR}/teema-{item.number:02d}-{item.slug}-{suffix}.pdf"


def build_documents(curriculum: Curriculum, *, finish: bool = True) -> list[PrintDocument]:
    """Every printable document of ``curriculum``, its HTML finished (typography, hyphenation).

    ``finish=False`` leaves the HTML as the templates wrote it (``PrintDocument.finished`` is False) for
    the render workers to finish: the build does, so that work runs in parallel and only for the
    documents whose PDF is not in the cache.
    """
    return list(iter_documents(curriculum, finish=finish))


def iter_documents(curriculum: Curriculum, *, finish: bool = True) -> Iterator[PrintDocument]:
    """The documents of :func:`build_documents` one at a time, as each is written (the build hands each
    to the render workers at once, instead of after the last)."""
    env = _environment()
    finish_html = Finisher() if finish else str
    settings = curriculum.settings
    created = _created()

    def theme_context(theme: Theme | Session) -> dict:
        folder = curriculum.plan_folder(theme)
        page = plan_page(theme)
        # Handouts are printed with the participant text only (the mentor pack's copies are
        # photocopied for the group); their mentor-only notes go to a separate, labelled part.
        handouts, mentor_notes = [], []
        for number, handout in enumerate(theme.handouts, 1):
            text, notes = split_mentor_only(curriculum.text(folder, handout.file))
            handouts.append((handout, text))
            mentor_notes += [(f"Liite {number}", handout.title, note) for note in notes]
        images = [(image, _data_uri(folder / image.path)) for image in theme.images]
        return dict(
            theme=theme,
            slots=slots(settings.start_minutes, [a.minutes for a in theme.activities]),
            materials=materials_checklist(theme),
            handouts=handouts,
            mentor_notes=mentor_notes,
            languages=translation_languages(theme.vocabulary),
            images=images,
            participant_images=[(image, src) for image, src in images if image.audience != "mentor"],
            qr=_qr(page_url(settings.site_url, page)),
            url=page_url(settings.site_url, page),
            lessons=curriculum.lessons_for(theme) if isinstance(theme, Theme) else [],
            kicker=f"Teema {theme.number}" if isinstance(theme, Theme) else SESSION_KINDS[theme.kind],
        )

    def document(path: str, title: str, kind: str, template: str, description: str, page: str | None,
                 **context) -> PrintDocument:
        html = env.get_template(template).render(settings=settings, created=created, title=typeset_text(title),
                                                 description=plain_text(description), **context)
        return PrintDocument(path, title, kind, finish_html(absolute_links(html, page, settings.site_url)), page,
                             finished=finish)

    def lesson_context(lesson: A2Lesson) -> dict:
        folder = curriculum.lesson_folder(lesson)
        url = page_url(settings.site_url, lesson_page(lesson))
        handout_text, notes = (split_mentor_only(curriculum.text(folder, lesson.handout.file))
                               if lesson.handout.file else ("", []))
        return dict(
            lesson=lesson, theme=curriculum.theme(lesson.theme),
            slots=slots(settings.start_minutes, [p.minutes for p in lesson.phases]),
            handout_text=handout_text, mentor_notes=[("Liite", lesson.handout.title, note) for note in notes],
            languages=translation_languages(lesson.vocabulary),
            images=[(image, _data_uri(folder / image.path)) for image in lesson.images],
            qr=_qr(url), url=url)

    def binder(kind: str, page: str, description: str, cover: dict[str, str],
               sections: list[tuple[str, str, str, str, str, dict]]) -> PrintDocument:
        """A binder as separately rendered parts: an edit to one section re-renders its part only.

        Both binders open with the half-year overview and the mentor guide; ``sections`` are the rest,
        one part each: (anchor, number, title in the contents, binder_part.html.j2's part, the site page
        its text is on, for its links, and its context).
        ``cover`` is the front's kicker, heading, subtitle and label; ``page`` the site page that links it."""
        title = f"{settings.program_name} – {DOCUMENT_LABELS[kind]}"
        template = env.get_template("binder_part.html.j2")
        # The binder's title and description are the front's (the assembly takes the document's metadata
        # from it); the other parts share neutral ones, so that a part both binders have (the overview,
        # the guide) is the same HTML, rendered and cached once.
        common = dict(settings=settings, created=created, theme_count=len(contexts))
        front_text = dict(title=typeset_text(title), description=plain_text(description))
        part_text = dict(title=typeset_text(f"{settings.program_name} – kansion osa"), description="")

        def part_html(part: str, page: str | None = None, **context) -> str:
            text = front_text if part == "front" else part_text
            return finish_html(absolute_links(template.render(part=part, **common, **text, **context), page,
                                            settings.site_url))

        parts = [BinderPart("puoli-vuotta", "", "Puoli vuotta: tapaamiset järjestyksessä",
                            part_html("overview", overview=_overview(curriculum)))]
        guide = _guide(curriculum)
        if guide:
            parts.append(BinderPart("ohjaajan-opas", "", "Mentorin opas", part_html("guide", GUIDE_PAGE, guide=guide)))
        for anchor, number, heading, part, text_page, context in sections:
            parts.append(BinderPart(anchor, number, heading, part_html(part, text_page, anchor=anchor, **context)))
        qr = _qr(settings.site_url)

        def front(starts: dict[str, int]) -> str:
            toc = [dict(anchor=p.anchor, number=p.number, title=p.title, page=starts[p.anchor]) for p in parts]
            return part_html("front", toc=toc, toc_prefix=TOC_PREFIX, qr=qr, url=settings.site_url,
                             cover_text=cover)

        sample = front({p.anchor: 0 for p in parts})
        return PrintDocument(pdf_name(kind), title, kind, "\n".join([sample] + [p.html for p in parts]),
                             page, tuple(parts), front, part_css(settings.program_name), finish)

    # One context per theme, shared by its mentor pack, its handout and the binder.
    contexts = [theme_context(theme) for theme in curriculum.themes]
    for theme, context in zip(curriculum.themes, contexts):
        title = f"{theme.number}. {theme.title}"
        for kind, template in (("mentor", "mentor_pack.html.j2"), ("participant", "participant.html.j2")):
            yield document(pdf_name(kind, theme), f"{title} – {DOCUMENT_LABELS[kind]}", kind, template,
                           theme.summary, theme_page(theme), **context)

    # The other meetings of the half-year: the same mentor pack and participant handout as a theme.
    for session in curriculum.sessions:
        context = theme_context(session)
        for kind, template in (("mentor", "mentor_pack.html.j2"), ("participant", "participant.html.j2")):
            yield document(pdf_name(kind, session), f"{session.title} – {DOCUMENT_LABELS[kind]}", kind,
                           template, session.summary, session_page(session), **context)

    lesson_contexts = [lesson_context(lesson) for lesson in curriculum.lessons]
    for lesson, context in zip(curriculum.lessons, lesson_contexts):
        yield document(pdf_name("a2", lesson), f"A2: {lesson.title} – {DOCUMENT_LABELS['a2']}", "a2",
                       "a2_pack.html.j2", lesson.subtitle, lesson_page(lesson), **context)

    # Two binders, each printed by the groups that use it: the mentor binder (every theme) and the A2
    # binder (every A2 lesson), so an edit to a theme never re-assembles the A2 binder and back.
    if curriculum.themes:
        yield binder(
            "binder", THEMES_INDEX, "Kaikkien teemojen mentorin paketit yhdessä kansiossa.",
            dict(kicker="Kaikki teemat", heading="Mentorin kansio", label="Mentorin kansio",
                 subtitle=f"{_count(len(contexts), 'teema', 'teemaa')}, jokaisessa valmis kahden tunnin tapaaminen"),
            [(f"teema-{c['theme'].number}", f"{c['theme'].number}.", c["theme"].title, "theme",
              theme_page(c["theme"]), dict(t=c)) for c in contexts])
    if curriculum.lessons:
        yield binder(
            "a2-binder", LESSONS_INDEX,
            "Kaikki A2-ryhmän Toisto-tunnit yhdessä kansiossa: käsikirjoitus, dialogi ja monisteet.",
            dict(kicker="Kaikki A2-tunnit", heading="A2-kansio", label="A2-kansio",
                 subtitle=f"{_count(len(lesson_contexts), 'Toisto-tunti', 'Toisto-tuntia')}, "
                          "jokaisessa valmis tunti ja dialogi"),
            [(f"a2-{c['lesson'].number}", f"{c['lesson'].number}.", c["lesson"].title, "lesson",
              lesson_page(c["lesson"]), dict(a2=c)) for c in lesson_contexts])

    # A one-page semester plan for every published group (unpublished ones: `auroras plan` only).
    for plan in published_plans(curriculum):
        page = group_page(plan.slug)
        yield document(
            f"{PDF_DIR}/ryhma-{plan.slug}-suunnitelma.pdf", f"{plan.group.name} – {DOCUMENT_LABELS['plan']}",
            "plan", "semester_plan.html.j2", f"Ryhmän {plan.group.name} tapaamiset päivämäärineen.", page,
            plan=plan, group=plan.group, date=finnish_date, url=page_url(settings.site_url, page),
            weekday=WEEKDAY_ADVERBS[plan.group.start_date.weekday()].capitalize(),
            events=sorted(plan.group.events, key=lambda e: (e.date, e.title)))


def _count(number: int, one: str, many: str) -> str:
    """"1 teema", "14 teemaa"."""
    return f"{number} {one if number == 1 else many}"


@dataclass(frozen=True)
class Overview:
    meetings: int
    rows: list[tuple[int, str, str]]  # (number, main track meeting, A2 track meeting)


def _overview(curriculum: Curriculum) -> Overview:
    """The half-year at a glance for the binder: both tracks' meetings in order (program.yml's semester)."""
    settings = curriculum.settings
    count = settings.meetings_per_group

    def titles(track: str) -> list[str]:
        out = []
        for item in getattr(settings.semester, track)[:count]:
            try:
                kind, plan, number = resolve(item, track, curriculum)
            except (IndexError, KeyError, LookupError):
                out.append("–")
                continue
            prefix = f"{number}. " if number else ""
            out.append(prefix + plan.title)
        return out + ["–"] * (count - len(out))
    main, a2 = titles("main"), titles("a2")
    return Overview(count, [(i, m, a) for i, (m, a) in enumerate(zip(main, a2), 1)])


GUIDE_PAGE = "ohjaajan-opas.md"  # its page on the site: its links are relative to it


def _guide(curriculum: Curriculum) -> Markup:
    """The mentor guide (docs/ohjaajan-opas.md) for the binder, without its front matter."""
    path = curriculum.root / "docs" / GUIDE_PAGE
    if not path.is_file():
        return Markup("")
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[-1]
    return _md(text)

