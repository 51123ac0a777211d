"""Meetings that are not one of the 14 themes: company visits, networking, review, the closing session."""

from __future__ import annotations

from pydantic import Field

from .common import choice
from .theme import SessionPlan

SESSION_KINDS = {
    "company-visit-prep": "Yritysvierailun valmistelu",
    "company-visit": "Yritysvierailu ja sen purku",
    "networking": "Verkostoitumistapahtuma",
    "review": "Kertaus",
    "guest-speaker": "Vierailija",
    "closing": "Päätöstapaaminen",
}

SessionKind = choice(SESSION_KINDS)


class Session(SessionPlan):
    """Tapaaminen, joka ei ole teema: yritysvierailu, verkostoituminen, kertaus, vierailija tai päätös."""

    kind: SessionKind = Field(description="Tapaamisen laji: " + ", ".join(SESSION_KINDS))

    @property
    def heading(self) -> str:
        return self.title
