"""Finnish-aware site search: Voikko enrichment at build time, query understanding in the browser, Pagefind.

At build time every page gets the Voikko base forms and compound parts of its
words (työsopimuksen -> työsopimus, työ, sopimus) in a Pagefind metadata field:
searched and ranked, never shown in an excerpt.  ``lexicon.py`` writes the
site's words, their base forms, the staff's synonyms (synonyms.yml) and the
listing pages into one small data file.  In the browser, ``auroras-query.js``
turns what was typed into search terms (typos, fillers, inflections,
synonyms) and ``auroras-search.js`` asks Pagefind, merges and shows results.
"""

from .enrich import SearchEnricher
from .pagefind import index_site, index_size
from .site import SiteSearch

__all__ = ["SearchEnricher", "SiteSearch", "index_site", "index_size"]
