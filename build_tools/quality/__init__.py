"""Quality checks run by `auroras check` on a valid curriculum.

These go beyond the model: is every theme complete, is every word spelled
right (Voikko plus the project word list), and is participant-facing text
easy enough to read.  They do not block `mkdocs build`, so an editor can
preview a draft; CI runs `auroras check`, so nothing incomplete lands.
"""

from .run import QualityReport, run_quality

__all__ = ["QualityReport", "run_quality"]
