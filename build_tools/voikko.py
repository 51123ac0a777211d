"""One shared Voikko instance for hyphenation, spelling and search enrichment.

Voikko needs the Debian packages libvoikko1 and voikko-fi (``make`` installs
them) and the ``libvoikko`` binding in the virtual environment.
"""

from __future__ import annotations

import functools
import logging
import warnings

log = logging.getLogger(__name__)

MISSING = ("Voikko ei ole käytettävissä ({error}). Asenna paketit libvoikko1 ja voikko-fi: "
           "make site ja make test tekevät sen.")


@functools.lru_cache(maxsize=1)
def voikko():
    """The Finnish Voikko instance, or None (with one clear warning) when it is not installed."""
    try:
        import libvoikko
        return libvoikko.Voikko("fi")
    except Exception as exc:  # library, dictionary or binding missing
        message = MISSING.format(error=exc)
        warnings.warn(message, RuntimeWarning, stacklevel=2)
        log.warning(message)
        return None
