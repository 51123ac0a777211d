"""The mentor binder, assembled from separately rendered parts into one tagged PDF/UA document.

Why parts: the binder holds every theme, so as one WeasyPrint document an edit to any theme laid
out all of them again, as one serial job.  Now every section (overview, guide, each theme) is a PDF of
its own, cached by its HTML alone, and the front (cover and contents) is rendered last, when the
parts' page counts give each section's first page.  An edit re-renders the parts it changes, the
two-page front if a start page moved, and the assembly.

Page numbers are the one thing in a part that depends on the others ("Sivu 37 / 412").  Parts are
rendered without them (the part stylesheet below) and the assembly stamps each numbered page with
its number, as an artifact, drawn with glyphs of the print font taken from a small reference PDF
rendered with the real print stylesheet (so the position, size and colour are print.css's own).
Named pages (cover, handout copies) and blank pages keep what WeasyPrint drew: print.css gives
them their own footers, or none.

The assembly (pypdf) keeps the document accessible: one structure tree with a single Document
element holding every part's elements, the parent tree renumbered part by part (pages'
/StructParents, annotations' /StructParent), named destinations and bookmarks of every part, the
contents' links pointing at the sections, and the front's catalog entries (language, XMP metadata
with the PDF/UA identifier, MarkInfo, DisplayDocTitle).  The output depends only on the parts, so
identical sources give identical bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


# print.css's page footer, "Sivu " counter(page) " / " counter(pages), for the stamped numbers.
FOLIO = "Sivu {page} / {pages}"
FOLIO_SAMPLE = FOLIO.format(page="0123456789", pages="0123456789")
A4 = (595.275591, 841.889764)
# The binder's contents link to their own entry, id TOC_PREFIX + the section's id; the assembly points
# them at the section, which is in another part.
TOC_PREFIX = "sisallys-"


def css_string(text: str) -> str:
    """``text`` as a CSS string literal (content is untrusted: quotes, backslashes, controls escaped)."""
    out = []
    for char in text:
        out.append(char if char.isprintable() and char not in '"\\' else f"\\{ord(char):x} ")
    return '"' + "".join(out) + '"'


def part_css(program_name: str) -> str:
    """The extra stylesheet of every binder part (after print.css, so it wins where they compete)."""
    return (
        "/* Binder part: the page number is stamped at assembly (it depends on the other parts); named pages\n"
        "   (cover, handout copies) keep their own footers, which are more specific than these rules. */\n"
        "@page { @bottom-right { content: none; } @top-right { content: " + css_string(program_name) + "; } }\n"
        "@page :left { @bottom-left { content: none; } }\n"
        "@page :blank { @top-right { content: none; } }\n"
        "/* The contents print the start pages computed from the parts (the targets are in other parts). */\n"
        'nav.toc a::after { content: leader(".") attr(data-page); }\n')


def reference_document() -> tuple[str, str]:
    """HTML and extra CSS of the folio reference: a right and a left page whose only ink is the footer."""
    css = ("@page { @bottom-right { content: " + css_string(FOLIO_SAMPLE) + "; } }\n"
           "@page :left { @bottom-left { content: " + css_string(FOLIO_SAMPLE) + "; } }\n")
    html = ('<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>Sivunumerot</title></head>'
            '<body class="binder"><div style="break-after: page"></div><div></div></body></html>')
    return html, css


def page_starts(front_pages: int, part_pages: list[int]) -> tuple[list[int], int]:
    """First page of every part (each on a right-hand, odd page) and the binder's page count."""
    starts, page = [], 1 + front_pages
    for pages in part_pages:
        page += page % 2 == 0  # a blank left-hand page before a section that would start on the left
        starts.append(page)
        page += pages
    return starts, page - 1


@dataclass(frozen=True)
class Part:
    file: Path
    pages: int
    folios: tuple[bool, ...]  # whether each page shows the page number (not blank, not a named page)


# --- the folio stamp ---------------------------------------------------------

_TM = re.compile(rb"1 0 0 -1 ([-\d.]+) ([-\d.]+) Tm")
_TJ = re.compile(rb"\[([^\]]*)\] TJ")
_TF = re.compile(rb"/(\S+) ([\d.]+) Tf")


def _widths(descendant) -> dict[int, float]:
    widths, items, i = {}, list(descendant.get("/W", [])), 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], list):
            for offset, width in enumerate(items[i + 1]):
                widths[first + offset] = float(width)
            i += 2
        else:
            for code in range(first, int(items[i + 1]) + 1):
                widths[code] = float(items[i + 2])
            i += 3
    return widths


class Folios:
    """Page-number stamps drawn like the reference PDF's footers."""

    def __init__(self, reference: Path, writer):
        from pypdf import PdfReader
        from pypdf.generic import NameObject

        reader = PdfReader(reference)
        self.writer = writer
        self.sides = []  # (content template, x of the text, right aligned?) for right and left pages
        codes: dict[str, int] = {}
        resources = reader.pages[0]["/Resources"].get_object()
        font_name = None
        for index, page in enumerate(reader.pages[:2]):
            content = page.get_contents().get_data()
            tm, tj, tf = _TM.search(content), _TJ.search(content), _TF.search(content)
            if not (tm and tj and tf):
                raise ValueError("sivunumeroiden mallisivulta ei löydy sivunumeroa")
            glyphs = [int(g, 16) for g in re.findall(rb"<([0-9a-fA-F]+)>", tj.group(1))]
            kerns = [float(k) for k in re.findall(rb">\s*([-\d.]+)", tj.group(1))]
            if len(glyphs) != len(FOLIO_SAMPLE) or any(kerns):
                raise ValueError("sivunumeroiden mallisivun teksti ei ole odotettu")
            codes.update(zip(FOLIO_SAMPLE, glyphs))
            font_name, size = tf.group(1).decode(), float(tf.group(2))
            self.sides.append((content, tm, tj, index == 0))
        font = resources["/Font"].get_object()[NameObject("/" + font_name)].get_object()
        self.widths = _widths(font["/DescendantFonts"][0].get_object())
        self.codes, self.size = codes, size
        self.resources = resources.clone(writer)  # font, colour space and graphics states of the footer
        self.sample_width = self._width(FOLIO_SAMPLE)

    def _width(self, text: str) -> float:
        return sum(self.widths.get(self.codes[c], 0.0) for c in text) / 1000 * self.size

    def form(self, page: int, pages: int):
        """A form XObject drawing "Sivu page / pages" where print.css puts it on this side of the sheet."""
        from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

        text = FOLIO.format(page=page, pages=pages)
        content, tm, tj, right = self.sides[0 if page % 2 else 1]
        x = float(tm.group(1))
        if right:  # right aligned: the text ends where the sample ends
            x += self.sample_width - self._width(text)
        glyphs = "".join(f"<{self.codes[c]:04x}>" for c in text).encode()
        data = (content[:tm.start()] + b"1 0 0 -1 %.6f " % x + tm.group(2) + b" Tm"
                + content[tm.end():tj.start()] + b"[" + glyphs + b"] TJ" + content[tj.end():])
        form = DecodedStreamObject()
        form.set_data(data)
        form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(A4[0]),
                                                       FloatObject(A4[1])]),
                     NameObject("/Resources"): self.resources})
        return self.writer._add_object(form)


# --- assembly ---------------------------------------------------------------

def _name_tree(node, out: dict) -> None:
    node = node.get_object()
    names = node.get("/Names")
    if names is not None:
        for i in range(0, len(names), 2):
            out.setdefault(str(names[i]), names[i + 1])
    for kid in node.get("/Kids", []):
        _name_tree(kid, out)


def assemble(front: Part, parts: list[Part], reference: Path, out: Path, identifier: bytes) -> int:
    """Write the binder: ``front`` then ``parts``, each on an odd page; returns the page count."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject, Fit,
                               NameObject, NumberObject, TextStringObject)

    writer = PdfWriter()
    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = writer._add_object(root)
    document = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"),
                                 NameObject("/S"): NameObject("/Document"),
                                 NameObject("/P"): root_ref, NameObject("/K"): ArrayObject()})
    document_ref = writer._add_object(document)
    root[NameObject("/K")] = ArrayObject([document_ref])
    nums, next_key = ArrayObject(), 0
    dests: dict[str, object] = {}
    folios = Folios(reference, writer)
    starts, total = page_starts(front.pages, [p.pages for p in parts])
    front_reader = None

    def outline(reader, items, base: int, parent=None) -> None:
        previous = None
        for item in items:
            if isinstance(item, list):
                outline(reader, item, base, previous)
                continue
            index = base + reader.get_destination_page_number(item)
            fit = Fit.xyz(item.left, item.top, 0)
            previous = writer.add_outline_item(str(item.title), index, parent, fit=fit)

    for part, start in zip([front] + parts, [1] + starts):
        while len(writer.pages) < start - 1:
            writer.add_blank_page(*A4)
        reader = PdfReader(part.file)
        front_reader = front_reader or reader
        catalog = reader.trailer["/Root"]
        tree = catalog["/StructTreeRoot"].get_object()
        part_document = tree["/K"][0]
        # The part's root and Document element become the binder's: its elements are cloned under them.
        translated = writer._id_translated.setdefault(id(reader), {"PreventGC": reader})
        translated[tree.indirect_reference.idnum] = root_ref.idnum
        translated[part_document.idnum] = document_ref.idnum
        resources = None
        for index, page in enumerate(reader.pages):
            new = writer.add_page(page)
            if "/StructParents" in page:
                new[NameObject("/StructParents")] = NumberObject(next_key + int(page["/StructParents"]))
            for annotation in new.get("/Annots", []):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(next_key + int(annotation["/StructParent"]))
                dest = annotation.get("/Dest")
                if part is front and isinstance(dest, str) and dest.startswith(TOC_PREFIX):
                    annotation[NameObject("/Dest")] = TextStringObject(dest[len(TOC_PREFIX):])
                    annotation[NameObject("/Contents")] = TextStringObject(dest[len(TOC_PREFIX):])
            if part.folios[index]:
                number = start + index
                resources = new["/Resources"].get_object()
                xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
                name = f"/AurorasFolio{number}"
                xobjects[NameObject(name)] = folios.form(number, total)
                call = DecodedStreamObject()
                call.set_data(b"q\n/Artifact BMC\n" + name.encode() + b" Do\nEMC\nQ\n")
                contents = new.raw_get("/Contents")  # a reference (a stream is never a direct object)
                contents = list(contents.get_object()) if isinstance(contents.get_object(), list) else [contents]
                new[NameObject("/Contents")] = ArrayObject([writer._add_object(call)] + contents)
        for child in part_document.get_object()["/K"]:
            document["/K"].append(child.clone(writer))
        keys = tree["/ParentTree"].get_object()["/Nums"]
        for i in range(0, len(keys), 2):
            nums.append(NumberObject(next_key + int(keys[i])))
            nums.append(keys[i + 1].clone(writer))
        next_key += max((int(keys[i]) for i in range(0, len(keys), 2)), default=-1) + 1
        if "/Names" in catalog and "/Dests" in catalog["/Names"]:
            names: dict = {}
            _name_tree(catalog["/Names"]["/Dests"], names)
            for name, value in names.items():
                if name not in dests and not (part is front and name.startswith(TOC_PREFIX)):
                    dests[name] = value.clone(writer)
        outline(reader, reader.outline, start - 1)

    root[NameObject("/ParentTree")] = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
    root[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    catalog = writer._root_object
    catalog[NameObject("/StructTreeRoot")] = root_ref
    source = front_reader.trailer["/Root"]
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata", "/PageMode"):
        if key in source:
            catalog[NameObject(key)] = source.raw_get(key).clone(writer)
    if dests:
        flat = ArrayObject()
        for name in sorted(dests, key=lambda n: n.encode("utf-8")):
            flat += [TextStringObject(name), dests[name]]
        catalog[NameObject("/Names")] = DictionaryObject({
            NameObject("/Dests"): writer._add_object(DictionaryObject({NameObject("/Names"): flat}))})
    # pypdf noted the parts' internal links to resolve them at writing; they are named destinations,
    # merged above (the contents' ones retargeted), so there is nothing left for it to resolve or add.
    writer._unresolved_links = []
    info = front_reader.metadata or {}
    writer.add_metadata({key: str(value) for key, value in info.items()})
    writer._ID = ArrayObject([ByteStringObject(identifier[:16]), ByteStringObject(identifier[:16])])
    tmp = out.with_suffix(".tmp")
    with open(tmp, "wb") as stream:
        writer.write(stream)
    tmp.replace(out)
    return total
