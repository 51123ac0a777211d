"""Program-wide settings, kept in one file (program.yml)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from .common import MAX_SHORT, HttpsUrl, ShortText, StrictModel

_TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


def _clock(value: str) -> str:
    match = _TIME.match(value)
    if not match:
        raise PydanticCustomError(
            "auroras_time", "kellonaika kirjoitetaan muodossa 17.00 tai 17:00, nyt '{value}'", {"value": value})
    return f"{int(match.group(1)):02d}.{match.group(2)}"


ClockTime = Annotated[str, AfterValidator(_clock)]


class ReadabilityLimits(StrictModel):
    """Luettavuuden rajat osallistujille tarkoitetulle tekstille."""

    max_average_words: float = Field(12, gt=0, description="Virkkeen keskipituus sanoina enintään.")
    max_sentence_words: int = Field(20, gt=0, description="Pisin sallittu virke sanoina.")
    a2_max_average_words: float = Field(
        8, gt=0, description="A2-tuntien monisteiden ja dialogin virkkeen keskipituus enintään.")
    long_word_letters: int = Field(13, gt=0, description="Tätä pidemmät sanat lasketaan pitkiksi.")


class ThemeRequirements(StrictModel):
    """Mitä jokaisessa teemassa pitää vähintään olla."""

    min_goals: int = Field(4, ge=0)
    min_activities: int = Field(6, ge=0)
    required_activity_kinds: list[str] = Field(["break", "closing"])
    min_vocabulary: int = Field(15, ge=0)
    required_translations: list[str] = Field(["en"], description="Kielet, joille jokainen sana käännetään.")
    min_discussion_questions: int = Field(5, ge=0)
    min_handouts: int = Field(1, ge=0)
    min_mentor_tips: int = Field(3, ge=0)
    min_links: int = Field(2, ge=0)
    max_links: int = Field(5, ge=0)
    min_spoken_finnish: int = Field(
        0, ge=0, description="Puhekielisiä ilmauksia (spoken_finnish) vähintään; ohjelman oma raja on program.yml:ssä.")


class LessonRequirements(StrictModel):
    """Mitä jokaisessa A2-tunnissa pitää olla."""

    min_vocabulary: int = Field(10, ge=0)
    max_vocabulary: int = Field(20, ge=0)
    min_structures: int = Field(2, ge=0)
    max_structures: int = Field(4, ge=0)
    min_dialogue_lines: int = Field(6, ge=0)
    min_dialogue_spoken_lines: int = Field(
        0, ge=0, description="Puhekielisen dialogin (dialogue_spoken) repliikkejä vähintään; ohjelman raja on program.yml:ssä.")


# The order of a group's meetings. A number is a theme (for an A2 group: the A2 lesson of that theme); the
# same number twice in a row is a second meeting on the same theme. A word is one of the other meetings
# (sessions/<slug>/session.yml with that kind). The default and its reasons are in program.yml.
SemesterItem = Annotated[int, Field(ge=1, le=14)] | Annotated[str, Field(min_length=1, max_length=40)]

DEFAULT_MAIN = [1, 2, 3, 4, 5, 6, 6, 7, 8, 8, "review", "company-visit-prep", "company-visit", 9, "networking",
                10, 11, "guest-speaker", 12, 13, "review", 14, 14, "closing"]
DEFAULT_A2 = [1, 2, 3, 4, 5, 6, 6, 7, 8, 8, "review", "company-visit-prep", "company-visit", 9, "networking",
              10, 11, 12, 13, 13, "review", 14, "review", "closing"]


class SemesterTemplate(StrictModel):
    """Puolen vuoden tapaamisten järjestys kummallekin linjalle."""

    main: list[SemesterItem] = Field(default_factory=lambda: list(DEFAULT_MAIN),
                                     description="Pääryhmän tapaamiset järjestyksessä.")
    a2: list[SemesterItem] = Field(default_factory=lambda: list(DEFAULT_A2),
                                   description="A2-ryhmän tapaamiset järjestyksessä.")


class ProgramSettings(StrictModel):
    """Ohjelman yhteiset asetukset."""

    program_name: ShortText = Field(description="Ohjelman nimi, näkyy sivustolla ja tulosteissa.")
    organisation: ShortText = Field(description="Ohjelmaa ylläpitävä organisaatio.")
    site_url: HttpsUrl = Field(description="Sivuston osoite, esimerkiksi QR-koodeja varten.")
    session_minutes: int = Field(120, ge=30, le=480, description="Tapaamisen pituus minuutteina.")
    start_time: ClockTime = Field("17.00", description="Tapaamisen tavallinen alkamisaika.")
    wordlist: str = Field("wordlist.txt", min_length=1, max_length=MAX_SHORT,
                          description="Hyväksyttyjen sanojen luettelo oikoluvulle: polku projektin kansiossa.")
    spoken_wordlist: str | None = Field(
        None, min_length=1, max_length=MAX_SHORT,
        description="Tarkistettujen puhekielen sanojen luettelo (puhekielinen dialogi ja ilmaukset): polku projektin "
                    "kansiossa, esimerkiksi spoken_words.txt. Yksi sana riville pienillä kirjaimilla.")
    meetings_per_group: int = Field(24, ge=1, le=60, description="Ryhmän tapaamisten määrä puolessa vuodessa.")
    semester: SemesterTemplate = Field(default_factory=SemesterTemplate,
                                       description="Tapaamisten järjestys: teemat ja muut tapaamiset.")
    readability: ReadabilityLimits = Field(default_factory=ReadabilityLimits)
    theme_requirements: ThemeRequirements = Field(default_factory=ThemeRequirements)
    lesson_requirements: LessonRequirements = Field(default_factory=LessonRequirements)

    @property
    def start_minutes(self) -> int:
        hours, minutes = self.start_time.split(".")
        return int(hours) * 60 + int(minutes)
