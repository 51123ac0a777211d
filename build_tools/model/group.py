"""A mentoring group and its half-year: groups/<slug>.yml.

A group file holds no participant data: there is no field for it. Mentors
are listed by first name only, and a group can be kept off the public site.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from .common import MAX_SHORT, ShortText, StrictModel, choice
from .settings import ClockTime

TRACKS = {"main": "pääryhmä (teemat 1–14)", "a2": "A2-ryhmä (A2-tunnit)"}
EVENT_KINDS = {"company-visit": "yritysvierailu", "networking": "verkostoitumistapahtuma", "other": "muu tapahtuma"}


def _date(value: object) -> dt.date:
    """An ISO date, quoted or not (the loader keeps dates as text)."""
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError(
            "auroras_date", "päivämäärä kirjoitetaan muodossa VVVV-KK-PP, esimerkiksi 2027-01-14, ja sen pitää "
                            "olla olemassa; nyt '{value}'", {"value": text[:40]}) from None


IsoDate = Annotated[dt.date, BeforeValidator(_date)]


def _first_name(value: str) -> str:
    if " " in value.strip() or "@" in value or any(ch.isdigit() for ch in value):
        raise PydanticCustomError(
            "auroras_first_name", "kirjoita mentorista vain etunimi (ei sukunimeä, sähköpostia tai puhelinta), "
                                  "nyt '{value}'", {"value": value[:40]})
    return value


FirstName = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_first_name)]


class GroupEvent(StrictModel):
    """Ryhmän oma tapahtuma tapaamisten lisäksi."""

    date: IsoDate = Field(description="Päivä muodossa VVVV-KK-PP.")
    kind: choice(EVENT_KINDS) = Field(description="Laji: " + ", ".join(EVENT_KINDS))
    title: ShortText = Field(description="Tapahtuman nimi.")
    start_time: ClockTime | None = Field(None, description="Alkamisaika, esimerkiksi 16.30 (valinnainen).")
    place: Annotated[str, Field(max_length=MAX_SHORT)] | None = Field(None, description="Paikka (valinnainen).")


class Group(StrictModel):
    """Mentorointiryhmä ja sen puolen vuoden tapaamiset. Ei osallistujien tietoja."""

    name: ShortText = Field(description="Ryhmän nimi, esimerkiksi 'Oulu, kevät 2027'.")
    city: ShortText = Field(description="Kaupunki tai alue.")
    track: choice(TRACKS) = Field(description="Ryhmän linja: main (teemat) tai a2 (A2-tunnit).")
    start_date: IsoDate = Field(description="Ensimmäinen tapaaminen; ryhmä tapaa joka viikko samana viikonpäivänä.")
    start_time: ClockTime = Field(description="Tapaamisen alkamisaika, esimerkiksi \"17.30\".")
    venue: ShortText = Field(description="Kumppanin tila, jossa ryhmä tapaa.")
    mentors: list[FirstName] = Field(default_factory=list, description="Mentorien etunimet.")
    skip_dates: list[IsoDate] = Field(default_factory=list,
                                      description="Päivät, joina ei tavata (esimerkiksi joulutauko).")
    publish: bool = Field(True, description="Julkaistaanko ryhmän suunnitelma sivustolla (oletus true).")
    events: list[GroupEvent] = Field(default_factory=list, description="Ryhmän omat tapahtumat.")

    @property
    def start_minutes(self) -> int:
        hours, minutes = self.start_time.split(".")
        return int(hours) * 60 + int(minutes)
