"""Search for one site build: enrich each page, then index the site and write the query-side data."""

from __future__ import annotations

from pathlib import Path

from ..synonyms import load_synonyms, synonym_map
from ..web.groups import GROUPS_DIR
from ..web.pages import GLOSSARY_PAGE, PRINTS_PAGE
from .enrich import SearchEnricher, weight_key_sections
from .lexicon import lexicon_data, write_lexicon
from .pagefind import BUNDLE, index_site

HOME_PAGE = "index.md"


class SiteSearch:
    """Collects what the pages need for search while MkDocs renders them, and writes it at the end.

    ``sections`` is the navigation of the generated folders (prefix -> [(title, page)]); its index pages,
    the home page, the glossary, the print list and the groups' plans and meeting pages (which repeat the
    themes' titles and goals) are listing pages: they rank below the pages that teach.
    """

    def __init__(self, root: Path, sections: dict[str, list[tuple[str | None, str]]]):
        self.enricher = SearchEnricher()
        synonyms, _ = load_synonyms(root)
        self.synonyms = synonym_map(synonyms) if synonyms is not None else {}
        self.listing_sources = {HOME_PAGE, GLOSSARY_PAGE, PRINTS_PAGE}
        self.listing_sources |= {path for pages in sections.values() for label, path in pages if label is None}
        self.listing_urls: list[str] = []

    def page(self, html: str, src_uri: str, url: str) -> str:
        """The page's HTML (already sanitised) with search weights and its added words."""
        if src_uri in self.listing_sources or src_uri.startswith(f"{GROUPS_DIR}/"):
            self.listing_urls.append(url)
        return self.enricher.enrich(weight_key_sections(html))

    def finish(self, site_dir: Path, root_selector: str) -> None:
        index_site(site_dir, root_selector)
        data = lexicon_data(self.enricher.lexicon, self.synonyms, self.listing_urls)
        write_lexicon(site_dir / BUNDLE, data)
