"""The search synonym list (synonyms.yml): what people type, and the curriculum's word for it."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from .common import ShortText, StrictModel


def _one_or_many(value):
    """``means: palkka`` and ``means: [palkka, palkkalaskelma]`` are both fine."""
    return [value] if isinstance(value, str) else value


class Synonym(StrictModel):
    """Yksi synonyymi: sanat, joita ihmiset kirjoittavat hakuun, ja materiaalin sana, jolla niistä haetaan."""

    words: list[ShortText] = Field(
        min_length=1,
        description="Sanat tai ilmaisut, joita mentorit ja osallistujat kirjoittavat hakuun: puhekieli, slangi, "
                    "lyhenteet, muut nimet. Esimerkiksi [duuni, duunit].",
        examples=[["duuni", "duunit"], ["työkkäri", "TE-toimisto"]])
    means: Annotated[list[ShortText], BeforeValidator(_one_or_many)] = Field(
        min_length=1,
        description="Materiaalin sana tai sanat, joilla haetaan. Jokaisen sanan pitää esiintyä materiaalissa "
                    "jossakin muodossa. Esimerkiksi työ tai [palkka, palkkalaskelma].",
        examples=["työ", ["palkka", "palkkalaskelma"]])


class SynonymList(StrictModel):
    """Haun synonyymit: puhekielen sanat, slangi ja muut nimet materiaalin sanoiksi."""

    synonyms: list[Synonym] = Field(
        default_factory=list,
        description="Luettelo synonyymeistä; jokaisella on kentät words ja means.")
