"""Building blocks shared by themes and A2 lessons."""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANG = re.compile(r"^[a-z]{2,3}$")


class StrictModel(BaseModel):
    """Base for all content: unknown keys are errors, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise PydanticCustomError(
            "auroras_slug",
            "tunnus saa sisältää vain pieniä kirjaimia a–z, numeroita ja väliviivoja "
            "(esimerkiksi 'tyohaastattelu'), nyt '{value}'",
            {"value": value},
        )
    return value


# Characters that never belong in an address: they would end an HTML attribute or a Markdown link.
_URL_FORBIDDEN = re.compile(r"[\s\"'<>`\\{}|^]")
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$", re.IGNORECASE)


def _https(value: str) -> str:
    """An https address with a real host name, and nothing that could break out of a link."""
    bad = _URL_FORBIDDEN.search(value)
    host = urlsplit(value).hostname or "" if value.startswith("https://") else ""
    if not value.startswith("https://") or bad or not _HOST.match(host):
        found = f"; merkki {bad.group()!r} ei kuulu osoitteeseen" if bad else ""
        raise PydanticCustomError(
            "auroras_https",
            "linkin osoitteen pitää alkaa 'https://', sisältää palvelimen nimi ja olla ilman välilyöntejä, "
            "lainausmerkkejä ja kulmasulkeita{found}; nyt '{value}'",
            {"value": value[:80], "found": found},
        )
    return value


def _language_codes(value: dict[str, str]) -> dict[str, str]:
    for code in value:
        if not _LANG.match(code):
            raise PydanticCustomError(
                "auroras_lang",
                "käännösten avaimet ovat kielikoodeja, kuten 'en', 'ru' tai 'ar'; '{code}' ei ole kielikoodi",
                {"code": code},
            )
    return value


def _relative_path(value: str) -> str:
    if value.startswith("/") or "\\" in value or ".." in value.split("/"):
        raise PydanticCustomError(
            "auroras_path",
            "tiedoston polku kirjoitetaan suhteessa tähän kansioon, esimerkiksi 'kuvat/kartta.svg', nyt '{value}'",
            {"value": value},
        )
    return value


# Length limits, in characters, so that a document pasted into a field cannot stall the build. Today's longest
# texts are about a quarter of these: titles and terms 50, paragraphs and list items 600, Markdown 2,300.
MAX_SHORT = 200  # titles, names, terms, translations
MAX_TEXT = 2_000  # one paragraph or list item
MAX_MARKDOWN = 20_000  # a Markdown field: an activity's instructions, a phase's script

Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
ShortText = Annotated[str, Field(min_length=1, max_length=MAX_SHORT)]
MarkdownText = Annotated[str, Field(min_length=1, max_length=MAX_MARKDOWN)]
OptionalShort = Annotated[str, Field(max_length=MAX_SHORT)] | None
OptionalText = Annotated[str, Field(max_length=MAX_TEXT)] | None
OptionalMarkdownText = Annotated[str, Field(max_length=MAX_MARKDOWN)] | None
Slug = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(_slug)]
HttpsUrl = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_https)]
RelativePath = Annotated[str, Field(min_length=1, max_length=MAX_SHORT), AfterValidator(_relative_path)]
Translations = Annotated[dict[str, ShortText], AfterValidator(_language_codes)]


class Link(StrictModel):
    """Linkki luotettavaan lähteeseen."""

    title: ShortText = Field(description="Linkin teksti, esimerkiksi palvelun nimi.")
    url: HttpsUrl = Field(description="Osoite, joka alkaa https://")


AUDIENCES = {"all": "kaikille", "mentor": "vain mentoreille"}
Audience = Literal[tuple(AUDIENCES)]


class Image(StrictModel):
    """Kuva, jolla on vaihtoehtoinen teksti ja tekijätiedot."""

    path: RelativePath = Field(description="Kuvatiedoston polku suhteessa sisällön kansioon.")
    alt: Text = Field(description="Kuvan sisältö sanoin niille, jotka eivät näe kuvaa.")
    caption: OptionalText = Field(None, description="Kuvateksti (valinnainen).")
    credit: ShortText = Field(description="Kuvan tekijä tai lähde.")
    license: OptionalShort = Field(None, description="Käyttölupa, esimerkiksi CC BY 4.0.")
    audience: Audience = Field(
        "all", description="Kenelle kuva on: all (kaikille, myös osallistujan monisteeseen) tai mentor "
                           "(vain mentoreille, esimerkiksi tilan järjestely; ei osallistujan monisteeseen).")


WORD_CLASSES = {
    "noun": "substantiivi",
    "verb": "verbi",
    "adjective": "adjektiivi",
    "adverb": "adverbi",
    "pronoun": "pronomini",
    "numeral": "numeraali",
    "phrase": "fraasi",
    "abbreviation": "lyhenne",
}


def choice(options: dict[str, str]):
    """A text field limited to the keys of ``options`` (an enum in the JSON Schema)."""
    return Literal[tuple(options)]


WordClass = choice(WORD_CLASSES)


class VocabItem(StrictModel):
    """Opeteltava sana tai ilmaus."""

    term: ShortText = Field(description="Sana tai ilmaus perusmuodossa.")
    word_class: WordClass | None = Field(None, description="Sanaluokka (valinnainen): " + ", ".join(WORD_CLASSES))
    example: Text = Field(description="Esimerkkilause selkeällä suomella.")
    translations: Translations = Field(
        default_factory=dict, description="Käännökset kielikoodin mukaan, esimerkiksi en: interview.")
