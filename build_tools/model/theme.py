"""A curriculum theme: one two-hour group session."""

from __future__ import annotations

from pydantic import Field

from .common import (Image, Link, MarkdownText, OptionalMarkdownText, RelativePath, ShortText, Slug, StrictModel,
                     Text, VocabItem, choice)

ACTIVITY_KINDS = {
    "warm-up": "Lämmittely",
    "mentor-talk": "Mentorin alustus",
    "discussion": "Keskustelu",
    "pair-work": "Parityö",
    "group-work": "Ryhmätyö",
    "individual-work": "Oma tehtävä",
    "game": "Peli",
    "visitor": "Vierailija",
    "break": "Tauko",
    "closing": "Lopetus",
}


ActivityKind = choice(ACTIVITY_KINDS)


class Activity(StrictModel):
    """Yksi tapaamisen vaihe."""

    title: ShortText = Field(description="Vaiheen nimi.")
    minutes: int = Field(gt=0, le=120, description="Kesto minuutteina.")
    kind: ActivityKind = Field(description="Tyyppi: " + ", ".join(ACTIVITY_KINDS))
    instructions: MarkdownText = Field(description="Ohjeet mentorille (Markdown): mitä sanot ja teet.")
    materials: list[Text] = Field(default_factory=list, description="Tarvikkeet tähän vaiheeseen.")
    participant_task: OptionalMarkdownText = Field(
        None, description="Tehtävä osallistujille selkeällä suomella (Markdown, valinnainen).")


class Handout(StrictModel):
    """Osallistujille tulostettava moniste."""

    title: ShortText = Field(description="Monisteen otsikko.")
    file: RelativePath = Field(description="Markdown-tiedosto teeman kansiossa, esimerkiksi monisteet/tehtava.md")


class SpokenExpression(StrictModel):
    """Puhekielinen ilmaus, jonka osallistuja kuulee töissä."""

    spoken: ShortText = Field(description="Ilmaus puhekielellä, niin kuin se kuullaan, esimerkiksi 'Onks sul hetki?'")
    standard: ShortText = Field(description="Sama kirjakielellä, esimerkiksi 'Onko sinulla hetki?'")
    note: Text = Field(description="Milloin ja kenelle näin sanotaan, esimerkiksi 'kahvihuoneessa työkaverille'.")


class SessionPlan(StrictModel):
    """Kahden tunnin tapaamisen suunnitelma: teema tai muu tapaaminen (esimerkiksi yritysvierailu)."""

    slug: Slug = Field(description="Tunnus verkko-osoitteessa, esimerkiksi 'tyohaastattelu'.")
    title: ShortText = Field(description="Otsikko.")
    summary: Text = Field(description="Yhden kappaleen tiivistelmä.")
    goals: list[Text] = Field(min_length=1, description="Tavoitteet: mitä osallistuja osaa tapaamisen jälkeen.")
    activities: list[Activity] = Field(min_length=1, description="Tapaamisen kulku järjestyksessä.")
    vocabulary: list[VocabItem] = Field(default_factory=list, description="Sanasto.")
    discussion_questions: list[Text] = Field(default_factory=list, description="Keskustelukysymykset.")
    handouts: list[Handout] = Field(default_factory=list, description="Osallistujien monisteet.")
    mentor_tips: list[Text] = Field(default_factory=list, description="Vinkit mentoreille (Markdown).")
    links: list[Link] = Field(default_factory=list, description="Hyödyllisiä linkkejä.")
    images: list[Image] = Field(default_factory=list, description="Kuvat.")


class Theme(SessionPlan):
    """Työelämäteema: yksi kahden tunnin ryhmätapaaminen."""

    number: int = Field(ge=1, le=14, description="Teeman numero 1–14.")
    spoken_finnish: list[SpokenExpression] = Field(
        default_factory=list, description="Näin töissä puhutaan: puhekieliset ilmaukset kirjakielen rinnalla.")

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"
