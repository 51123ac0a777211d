"""Small wrappers around poppler's command-line tools for PDF checks."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path


def info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def fonts(pdf: Path) -> list[dict[str, str]]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object ID: the flags are the 5th-3rd from the end
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def objects(pdf: Path) -> bytes:
    """The PDF's bytes with every Flate stream decompressed (for looking up catalog entries)."""
    import zlib
    data = pdf.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end():]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def text(pdf: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *extra, str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


@dataclass
class Word:
    page: int
    page_width: float
    page_height: float
    x_min: float
    x_max: float
    y_min: float
    y_max: float
    text: str


def words(pdf: Path) -> list[Word]:
    html = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    result = []
    for number, (width, height, body) in enumerate(
            re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S), 1):
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', body):
            result.append(Word(number, float(width), float(height), float(x0), float(x1), float(y0), float(y1),
                               unescape(word)))
    return result
