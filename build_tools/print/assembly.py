"""The binder's assembly: its separately rendered parts written as one tagged PDF/UA document (pikepdf).

Page numbers are the one thing in a part that depends on the others ("Sivu 37 / 412").  Parts are
rendered without them (binder.part_css) and the assembly stamps each numbered page with its number,
as an artifact, drawn with glyphs of the print font taken from a small reference PDF rendered with
the real print stylesheet (so the position, size and colour are print.css's own).  Named pages
(cover, handout copies) and blank pages keep what WeasyPrint drew: print.css gives them their own
footers, or none.

The assembly keeps the document accessible: one structure tree with a single Document element
holding every part's elements, the parent tree renumbered part by part (pages' /StructParents,
annotations' /StructParent), named destinations and bookmarks of every part, the contents' links
pointing at the sections, and the front's catalog entries (language, XMP metadata with the PDF/UA
identifier, MarkInfo, DisplayDocTitle).  The output depends only on the parts (qpdf writes objects
in a fixed order and derives /ID from the content), so identical sources give identical bytes.

Why pikepdf (qpdf): the binder is re-assembled after every edit of any theme, and with pypdf's
pure-Python object model that copy of every part's objects cost 2.4 s at today's content and grew
to most of a one-theme edit at ten times the content; qpdf copies the same objects in a tenth of it.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

# pikepdf announces its C++ log bridge at INFO on import: a line in every build log that tells editors nothing.
logging.getLogger("pikepdf._core").setLevel(logging.WARNING)
import pikepdf  # noqa: E402

from .binder import A4, FOLIO, FOLIO_SAMPLE, TOC_PREFIX, Part, page_starts


# --- the folio stamp ---------------------------------------------------------

_TM = re.compile(rb"1 0 0 -1 ([-\d.]+) ([-\d.]+) Tm")
_TJ = re.compile(rb"\[([^\]]*)\] TJ")
_TF = re.compile(rb"/(\S+) ([\d.]+) Tf")


def _widths(descendant) -> dict[int, float]:
    widths, items, i = {}, list(descendant.get("/W", [])), 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for offset, width in enumerate(items[i + 1]):
                widths[first + offset] = float(width)
            i += 2
        else:
            for code in range(first, int(items[i + 1]) + 1):
                widths[code] = float(items[i + 2])
            i += 3
    return widths


def _contents(page) -> bytes:
    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    return b"".join(stream.read_bytes() for stream in streams)


class Folios:
    """Page-number stamps drawn like the reference PDF's footers."""

    def __init__(self, reference: Path, writer: pikepdf.Pdf):
        reader = pikepdf.open(reference)
        self.writer = writer
        self.sides = []  # (content template, x of the text, right aligned?) for right and left pages
        codes: dict[str, int] = {}
        resources = reader.pages[0].obj.Resources
        font_name = None
        for index, page in enumerate(reader.pages[:2]):
            content = _contents(page)
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
        font = resources.Font[pikepdf.Name("/" + font_name)]
        self.widths = _widths(font.DescendantFonts[0])
        self.codes, self.size = codes, size
        # The footer's font, colour space and graphics states, copied once into the binder.
        self.resources = writer.copy_foreign(resources if resources.is_indirect else reader.make_indirect(resources))
        self.sample_width = self._width(FOLIO_SAMPLE)
        self._reader = reader  # the copies above read from it until the binder is written

    def _width(self, text: str) -> float:
        return sum(self.widths.get(self.codes[c], 0.0) for c in text) / 1000 * self.size

    def form(self, page: int, pages: int) -> pikepdf.Stream:
        """A form XObject drawing "Sivu page / pages" where print.css puts it on this side of the sheet."""
        text = FOLIO.format(page=page, pages=pages)
        content, tm, tj, right = self.sides[0 if page % 2 else 1]
        x = float(tm.group(1))
        if right:  # right aligned: the text ends where the sample ends
            x += self.sample_width - self._width(text)
        glyphs = "".join(f"<{self.codes[c]:04x}>" for c in text).encode()
        data = (content[:tm.start()] + b"1 0 0 -1 %.6f " % x + tm.group(2) + b" Tm"
                + content[tm.end():tj.start()] + b"[" + glyphs + b"] TJ" + content[tj.end():])
        form = pikepdf.Stream(self.writer, data)
        form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        form.BBox = pikepdf.Array([0, 0, A4[0], A4[1]])
        form.Resources = self.resources
        return self.writer.make_indirect(form)


# --- assembly ---------------------------------------------------------------

def _name_tree(node, out: dict) -> None:
    names = node.get("/Names")
    if names is not None:
        for i in range(0, len(names), 2):
            out.setdefault(str(names[i]), names[i + 1])
    for kid in node.get("/Kids", []):
        _name_tree(kid, out)


def _copy(writer: pikepdf.Pdf, reader: pikepdf.Pdf, value):
    """``value`` of ``reader`` as an object of ``writer`` (what it refers to copied once per part)."""
    if isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
        return writer.copy_foreign(value if value.is_indirect else reader.make_indirect(value))
    return value


def _children_of(parent, objects) -> list:
    """The structure elements among ``objects`` whose /P is ``parent``, with that link removed (in the
    part, which is never saved)."""
    found, target = [], parent.objgen
    for element in objects:
        if (isinstance(element, pikepdf.Dictionary) and element.get("/Type") == "/StructElem"
                and "/P" in element and element.P.objgen == target):
            del element.P
            found.append(element)
    return found


def _bookmarks(items, index_of: dict) -> list[tuple]:
    """A part's outline as (title, page index in the binder, x, y, children)."""
    found = []
    for item in items:
        target = item.destination  # WeasyPrint's [page /XYZ x y 0]
        found.append((str(item.title), index_of[target[0].objgen], float(target[2]), float(target[3]),
                      _bookmarks(item.children, index_of)))
    return found


def _outline_items(bookmarks: list[tuple]) -> list:
    items = []
    for title, page, x, y, children in bookmarks:
        item = pikepdf.OutlineItem(title, page, "XYZ", left=x, top=y, zoom=0)
        item.children.extend(_outline_items(children))
        items.append(item)
    return items


def assemble(front: Part, parts: list[Part], reference: Path, out: Path) -> int:
    """Write the binder: ``front`` then ``parts``, each on an odd page; returns the page count."""
    Name = pikepdf.Name
    writer = pikepdf.new()
    root = writer.make_indirect(pikepdf.Dictionary(Type=Name.StructTreeRoot))
    document = writer.make_indirect(pikepdf.Dictionary(Type=Name.StructElem, S=Name.Document, P=root,
                                                       K=pikepdf.Array()))
    root.K = pikepdf.Array([document])
    nums, next_key = pikepdf.Array(), 0
    dests: dict[str, object] = {}
    bookmarks: list[tuple] = []  # (title, page index, x, y, children) of every part's outline
    folios = Folios(reference, writer)
    starts, total = page_starts(front.pages, [p.pages for p in parts])
    readers = []  # every part stays open until the binder is written: the copies read from them
    front_reader = None

    for part, start in zip([front] + parts, [1] + starts):
        while len(writer.pages) < start - 1:
            writer.add_blank_page(page_size=A4)
        reader = pikepdf.open(part.file)
        front_reader = front_reader or reader
        catalog = reader.Root
        tree = catalog.StructTreeRoot
        part_document = tree.K[0]
        # The part's Document element becomes the binder's: the elements that name it as their parent
        # (its children, and WeasyPrint's NonStruct elements, which are not among them) lose that link
        # before they are copied (it would copy the part's whole tree) and get the binder's after.
        keys = tree.ParentTree.Nums
        children = list(part_document.K)
        orphans = _children_of(part_document, reader.objects)
        index_of = {}
        for index, page in enumerate(reader.pages):
            writer.pages.append(page)
            new = writer.pages[-1]
            index_of[page.obj.objgen] = len(writer.pages) - 1
            if "/StructParents" in new.obj:
                new.obj.StructParents = next_key + int(new.obj.StructParents)
            for annotation in new.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = next_key + int(annotation.StructParent)
                dest = annotation.get("/Dest")
                if part is front and isinstance(dest, pikepdf.String) and str(dest).startswith(TOC_PREFIX):
                    annotation.Dest = pikepdf.String(str(dest)[len(TOC_PREFIX):])
                    annotation.Contents = pikepdf.String(str(dest)[len(TOC_PREFIX):])
            if part.folios[index]:
                number = start + index
                resources = new.obj.Resources
                if "/XObject" not in resources:
                    resources.XObject = pikepdf.Dictionary()
                name = Name(f"/AurorasFolio{number}")
                resources.XObject[name] = folios.form(number, total)
                call = writer.make_stream(b"q\n/Artifact BMC\n" + bytes(name.unparse()) + b" Do\nEMC\nQ\n")
                contents = new.obj.Contents
                new.obj.Contents = pikepdf.Array(
                    [call] + (list(contents) if isinstance(contents, pikepdf.Array) else [contents]))
        for child in children:
            document.K.append(_copy(writer, reader, child))
        for i in range(0, len(keys), 2):
            nums.append(next_key + int(keys[i]))
            nums.append(_copy(writer, reader, keys[i + 1]))
        for element in orphans:
            writer.copy_foreign(element).P = document
        next_key += max((int(keys[i]) for i in range(0, len(keys), 2)), default=-1) + 1
        if "/Names" in catalog and "/Dests" in catalog.Names:
            names: dict = {}
            _name_tree(catalog.Names.Dests, names)
            for name, value in names.items():
                if name not in dests and not (part is front and name.startswith(TOC_PREFIX)):
                    dests[name] = _copy(writer, reader, value)
        with reader.open_outline() as outline:
            bookmarks += _bookmarks(outline.root, index_of)
        readers.append(reader)

    root.ParentTree = writer.make_indirect(pikepdf.Dictionary(Nums=nums))
    root.ParentTreeNextKey = next_key
    catalog = writer.Root
    catalog.StructTreeRoot = root
    source = front_reader.Root
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata", "/PageMode"):
        if key in source:
            catalog[key] = _copy(writer, front_reader, source[key])
    if dests:
        flat = pikepdf.Array()
        for name in sorted(dests, key=lambda n: n.encode("utf-8")):
            flat.extend([pikepdf.String(name), dests[name]])
        catalog.Names = pikepdf.Dictionary(Dests=writer.make_indirect(pikepdf.Dictionary(Names=flat)))
    with writer.open_outline() as outline:
        outline.root.extend(_outline_items(bookmarks))
    for key, value in front_reader.docinfo.items():
        writer.docinfo[key] = value
    tmp = out.with_suffix(".tmp")
    writer.save(tmp, deterministic_id=True, fix_metadata_version=False,
                object_stream_mode=pikepdf.ObjectStreamMode.generate, min_version=front_reader.pdf_version)
    tmp.replace(out)
    for reader in readers + [folios._reader]:
        reader.close()
    return total
