"""An A2 lesson in the Toisto structure."""

from __future__ import annotations

from pydantic import Field

from .common import (Image, MarkdownText, OptionalShort, RelativePath, ShortText, Slug, StrictModel, Text, VocabItem,
                     choice)

# The nine steps of a Toisto session, in their fixed order.
TOISTO_STEPS = {
    "greetings": "Tervehdys ja esittäytyminen",
    "goals": "Tavoitteet",
    "vocabulary": "Sanaston mallintaminen",
    "talking-dictionary": "Puhuvan sanakirjan mallintaminen",
    "dialogue": "Dialogin harjoittelu",
    "extra-task": "Lisätehtävä",
    "expansion": "Dialogin laajennus",
    "closing": "Lopetus",
    "goodbyes": "Kiitokset, kehut ja hyvästit",
}
# Steps that may be placed anywhere between the nine.
OPTIONAL_STEPS = {
    "break": "Tauko",
    "conversation": "Vapaa keskustelu",
}
PHASE_KINDS = {**TOISTO_STEPS, **OPTIONAL_STEPS}


PhaseKind = choice(PHASE_KINDS)

# The language level a lesson is pitched at; the first lessons of the A2 track are really A1, and that is fine.
LEVELS = {"A1": "taso A1", "A2": "taso A2"}


class Phase(StrictModel):
    """Toisto-tunnin vaihe."""

    kind: PhaseKind = Field(description="Vaihe: " + ", ".join(PHASE_KINDS))
    title: OptionalShort = Field(None, description="Oma otsikko (valinnainen; oletuksena vaiheen nimi).")
    minutes: int = Field(gt=0, le=120, description="Kesto minuutteina.")
    script: MarkdownText = Field(description="Mentorin käsikirjoitus (Markdown): mitä mentori ja avustaja sanovat ja tekevät.")

    @property
    def heading(self) -> str:
        return self.title or PHASE_KINDS[self.kind]


class Structure(StrictModel):
    """Opeteltava rakenne, esimerkiksi 'Minä olen …'."""

    pattern: ShortText = Field(description="Rakenne, esimerkiksi 'Osaan …'.")
    examples: list[Text] = Field(min_length=1, description="Esimerkkilauseet.")


class DialogueLine(StrictModel):
    """Dialogin repliikki."""

    speaker: str = Field(min_length=1, max_length=20, description="Puhuja, esimerkiksi A tai B.")
    line: Text = Field(description="Mitä puhuja sanoo.")


class LessonHandout(StrictModel):
    """Osallistujan sanastomoniste."""

    title: ShortText = Field(description="Monisteen otsikko.")
    file: RelativePath | None = Field(
        None, description="Lisäteksti Markdown-tiedostossa (valinnainen), esimerkiksi moniste.md")


class A2Lesson(StrictModel):
    """A2-tason tunti Toisto-menetelmällä."""

    number: int = Field(ge=1, description="Tunnin numero.")
    theme: int = Field(ge=1, le=14, description="Teeman numero, johon tunti kuuluu.")
    slug: Slug = Field(description="Tunnin tunnus verkko-osoitteessa.")
    title: ShortText = Field(description="Tunnin otsikko.")
    subtitle: ShortText = Field(description="Alaotsikko: arkinen tilanne, jota harjoitellaan.")
    level: choice(LEVELS) = Field(
        "A2", description="Kielitaidon taso, jolle tunti sopii: A1 (aivan alkuun) tai A2. Näkyy A2-tuntien luettelossa.")
    vocabulary: list[VocabItem] = Field(min_length=1, description="Opeteltavat sanat.")
    structures: list[Structure] = Field(default_factory=list, description="Opeteltavat rakenteet.")
    supplies: list[Text] = Field(default_factory=list, description="Tarvikkeet: kuvakortit, esineet, nimilaput.")
    phases: list[Phase] = Field(min_length=1, description="Tunnin vaiheet järjestyksessä.")
    dialogue: list[DialogueLine] = Field(min_length=2, description="Harjoiteltava dialogi.")
    dialogue_spoken: list[DialogueLine] = Field(
        default_factory=list,
        description="Sama dialogi puhekielellä: yhtä monta repliikkiä, samat puhujat samassa järjestyksessä, "
                    "niin kuin arjessa oikeasti puhutaan (mä, sä, moi, kiitti, joo).")
    dialogue_expansion: list[DialogueLine] = Field(default_factory=list, description="Dialogin laajennus.")
    handout: LessonHandout = Field(description="Osallistujan sanastomoniste.")
    images: list[Image] = Field(default_factory=list, description="Tunnin kuvat.")
