"""Finnish-aware site search: Voikko enrichment at build time, Pagefind as the engine.

Pagefind stems Finnish queries and pages with its Snowball stemmer and falls
back to the longest indexed prefix; we add, for each page section, the base
forms and compound parts of its words (työsopimuksen -> työsopimus, työ,
sopimus), so inflected and compound queries find the page that teaches them.
The added words sit in a hidden element between two markers and are removed
from result excerpts in the browser, so mentors never see them.
"""

from .enrich import SearchEnricher
from .pagefind import index_site, index_size

__all__ = ["SearchEnricher", "index_site", "index_size"]
