"""Auroras curriculum build tools.

The core (model, loading, validation, rendering of page content) knows
nothing of MkDocs; :mod:`build_tools.mkdocs_plugin` is the thin adapter.
"""

__version__ = "0.1.0"
