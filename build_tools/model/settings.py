"""Program-wide settings, kept in one file (program.yml)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from .common import HttpsUrl, StrictModel, Text

_TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


def _clock(value: str) -> str:
    match = _TIME.match(value)
    if not match:
        raise PydanticCustomError(
            "auroras_time", "kellonaika kirjoitetaan muodossa 17.00 tai 17:00, nyt '{value}'", {"value": value})
    return f"{int(match.group(1)):02d}.{match.group(2)}"


ClockTime = Annotated[str, AfterValidator(_clock)]


class ProgramSettings(StrictModel):
    """Ohjelman yhteiset asetukset."""

    program_name: Text = Field(description="Ohjelman nimi, näkyy sivustolla ja tulosteissa.")
    organisation: Text = Field(description="Ohjelmaa ylläpitävä organisaatio.")
    site_url: HttpsUrl = Field(description="Sivuston osoite, esimerkiksi QR-koodeja varten.")
    session_minutes: int = Field(120, ge=30, le=480, description="Tapaamisen pituus minuutteina.")
    start_time: ClockTime = Field("17.00", description="Tapaamisen tavallinen alkamisaika.")

    @property
    def start_minutes(self) -> int:
        hours, minutes = self.start_time.split(".")
        return int(hours) * 60 + int(minutes)
