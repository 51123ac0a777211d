"""JSON Schemas of the source files, generated from the pydantic model.

Editors (VS Code with the YAML extension, see ``.vscode/settings.json``)
use them for completion, hover help and red underlines while typing; the
``auroras check`` command stays the authority.  The schemas are draft-07,
the newest draft the YAML language server fully supports: definitions live
under ``definitions`` and a ``$ref`` never has sibling keywords.

Every kind of source file is listed once in :data:`SCHEMAS`; ``auroras
schema DIR`` writes one file per entry and a test keeps ``schemas/`` in step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from .model import A2Lesson, Group, ProgramSettings, Session, Theme
from .model import common, settings, synonyms
from .model.synonyms import SynonymList
from .model.common import WORD_CLASSES
from .model.group import EVENT_KINDS, TRACKS
from .model.session import SESSION_KINDS
from .model.lesson import PHASE_KINDS
from .model.theme import ACTIVITY_KINDS

DRAFT = "http://json-schema.org/draft-07/schema#"


@dataclass(frozen=True)
class SchemaFile:
    name: str  # file name in the schema folder
    model: type[BaseModel]
    files: str  # glob of the source files it describes, relative to the project root
    title: str


SCHEMAS = (
    SchemaFile("theme.schema.json", Theme, "themes/*/theme.yml", "Auroras-teema (themes/*/theme.yml)"),
    SchemaFile("lesson.schema.json", A2Lesson, "a2_lessons/*/lesson.yml",
               "Auroras A2-tunti (a2_lessons/*/lesson.yml)"),
    SchemaFile("program.schema.json", ProgramSettings, "program.yml", "Auroras-ohjelman asetukset (program.yml)"),
    SchemaFile("session.schema.json", Session, "sessions/*/session.yml",
               "Auroras-tapaaminen, joka ei ole teema (sessions/*/session.yml)"),
    SchemaFile("group.schema.json", Group, "groups/*.yml", "Auroras-ryhmä ja sen aikataulu (groups/*.yml)"),
    SchemaFile("synonyms.schema.json", SynonymList, "synonyms.yml", "Auroras-haun synonyymit (synonyms.yml)"),
)

# What the validators behind Annotated types check, as JSON Schema keywords (so editors see it too).
_VALIDATOR_KEYWORDS = {
    common._slug: {"pattern": common._SLUG.pattern},
    common._https: {"pattern": r"^https://\S+$"},
    common._language_codes: {"propertyNames": {"pattern": common._LANG.pattern}},
    settings._clock: {"pattern": settings._TIME.pattern},
}

# Finnish labels of the choices, for editors that show them beside each value.
_CHOICE_LABELS = {tuple(options): options for options in (ACTIVITY_KINDS, PHASE_KINDS, WORD_CLASSES, SESSION_KINDS,
                                                          TRACKS, EVENT_KINDS)}

# Help the model itself does not carry: descriptions of settings fields and examples for editors.
# Keys are "Model.field"; the model's own description always wins.
_EXTRA: dict[str, dict[str, Any]] = {
    "Theme.number": {"examples": [8]},
    "Theme.slug": {"examples": ["tyohaastattelu"]},
    "Theme.title": {"examples": ["Työhaastattelu"]},
    "Theme.goals": {"examples": [["Osaan kertoa osaamisestani lyhyesti."]]},
    "Activity.minutes": {"examples": [15]},
    "Activity.kind": {"examples": ["discussion"]},
    "Activity.materials": {"examples": [["nimilaput", "tussit"]]},
    "Handout.file": {"examples": ["monisteet/tehtava.md"]},
    "Link.title": {"examples": ["Työmarkkinatori"]},
    "Link.url": {"examples": ["https://tyomarkkinatori.fi/"]},
    "Image.path": {"examples": ["kuvat/istumajarjestys.svg"]},
    "Image.license": {"examples": ["CC BY 4.0"]},
    "VocabItem.term": {"examples": ["työhaastattelu"]},
    "VocabItem.word_class": {"examples": ["noun"]},
    "VocabItem.example": {"examples": ["Minulla on huomenna työhaastattelu."]},
    "VocabItem.translations": {"examples": [{"en": "job interview"}]},
    "A2Lesson.number": {"examples": [8]},
    "A2Lesson.theme": {"examples": [8]},
    "A2Lesson.slug": {"examples": ["a2-tyohaastattelu"]},
    "A2Lesson.title": {"examples": ["Työhaastattelu"]},
    "A2Lesson.subtitle": {"examples": ["Vastaan kysymyksiin työhaastattelussa"]},
    "A2Lesson.supplies": {"examples": [["kuvakortit", "nimilaput"]]},
    "Phase.kind": {"examples": ["greetings"]},
    "Phase.minutes": {"examples": [10]},
    "Structure.pattern": {"examples": ["Osaan …"]},
    "Structure.examples": {"examples": [["Osaan siivota.", "Osaan laittaa ruokaa."]]},
    "DialogueLine.speaker": {"examples": ["A"]},
    "DialogueLine.line": {"examples": ["Hei! Mikä sinun nimesi on?"]},
    "LessonHandout.file": {"examples": ["moniste.md"]},
    "Session.kind": {"examples": ["company-visit"]},
    "Session.title": {"examples": ["Yritysvierailu"]},
    "Group.name": {"examples": ["Oulu, kevät 2027"]},
    "Group.city": {"examples": ["Oulu"]},
    "Group.track": {"examples": ["main"]},
    "Group.start_date": {"examples": ["2027-01-14"]},
    "Group.start_time": {"examples": ["17.30"]},
    "Group.venue": {"examples": ["Pääkirjasto, ryhmätila 2"]},
    "Group.mentors": {"examples": [["Anna", "Liisa"]]},
    "Group.skip_dates": {"examples": [["2027-02-25"]]},
    "GroupEvent.date": {"examples": ["2027-03-11"]},
    "GroupEvent.kind": {"examples": ["company-visit"]},
    "GroupEvent.start_time": {"examples": ["16.30"]},
    "ProgramSettings.program_name": {"examples": ["Auroras"]},
    "ProgramSettings.site_url": {"examples": ["https://esimerkki.github.io/materiaalit/"]},
    "ProgramSettings.session_minutes": {"examples": [120]},
    "ProgramSettings.start_time": {"examples": ["17.00"]},
    "ThemeRequirements.min_goals": {"description": "Tavoitteita vähintään."},
    "ThemeRequirements.min_activities": {"description": "Tapaamisen vaiheita vähintään."},
    "ThemeRequirements.required_activity_kinds": {
        "description": "Vaihetyypit, jotka jokaisessa tapaamisessa on, esimerkiksi break ja closing."},
    "ThemeRequirements.min_vocabulary": {"description": "Sanoja vähintään."},
    "ThemeRequirements.required_translations": {"examples": [["en"]]},
    "ThemeRequirements.min_discussion_questions": {"description": "Keskustelukysymyksiä vähintään."},
    "ThemeRequirements.min_handouts": {"description": "Monisteita vähintään."},
    "ThemeRequirements.min_mentor_tips": {"description": "Vinkkejä mentoreille vähintään."},
    "ThemeRequirements.min_links": {"description": "Linkkejä vähintään."},
    "ThemeRequirements.max_links": {"description": "Linkkejä enintään."},
    "LessonRequirements.min_vocabulary": {"description": "Sanoja vähintään."},
    "LessonRequirements.max_vocabulary": {"description": "Sanoja enintään."},
    "LessonRequirements.min_structures": {"description": "Rakenteita vähintään."},
    "LessonRequirements.max_structures": {"description": "Rakenteita enintään."},
    "LessonRequirements.min_dialogue_lines": {"description": "Dialogin repliikkejä vähintään."},
}


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, plus the keywords of our own validators and Finnish choice labels."""

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> dict[str, Any]:
        result = super().function_after_schema(schema)
        extra = _VALIDATOR_KEYWORDS.get(schema["function"]["function"])
        return {**result, **extra} if extra else result

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> dict[str, Any]:
        result = super().function_before_schema(schema)
        if schema["function"]["function"] is synonyms._one_or_many and result.get("type") == "array":
            # `means: työ` and `means: [palkka, palkkalaskelma]` are both fine.
            return {"anyOf": [dict(result["items"]), result]}
        return result

    def literal_schema(self, schema: core_schema.LiteralSchema) -> dict[str, Any]:
        result = super().literal_schema(schema)
        labels = _CHOICE_LABELS.get(tuple(schema["expected"]))
        if labels:
            # Read by VS Code's JSON and YAML language servers; other validators ignore it.
            result["enumDescriptions"] = [labels[value] for value in schema["expected"]]
        return result


def json_schema(entry: SchemaFile) -> dict[str, Any]:
    """The draft-07 schema of one kind of source file."""
    raw = entry.model.model_json_schema(schema_generator=_Generator, ref_template="#/definitions/{model}")
    definitions = raw.pop("$defs", {})
    for name, definition in definitions.items():
        _polish_model(name, definition, definitions)
    _polish_model(entry.model.__name__, raw, definitions)
    result: dict[str, Any] = {"$schema": DRAFT, "title": entry.title}
    result.update((key, value) for key, value in raw.items() if key != "title")
    if definitions:
        result["definitions"] = {name: definitions[name] for name in sorted(definitions)}
    return result


def _polish_model(name: str, schema: dict[str, Any], definitions: dict[str, Any]) -> None:
    """Finnish help only: drop pydantic's English titles, add our descriptions and examples."""
    schema.pop("title", None)
    for field, prop in schema.get("properties", {}).items():
        prop.pop("title", None)
        for key, value in _EXTRA.get(f"{name}.{field}", {}).items():
            if key == "description" and "description" in prop:
                continue
            prop[key] = value
        if "$ref" in prop and "description" not in prop:
            # Hover help on the key itself: the description of the part it refers to.
            target = definitions.get(prop["$ref"].rsplit("/", 1)[-1], {})
            if "description" in target:
                prop["description"] = target["description"]
        if "$ref" in prop and len(prop) > 1:
            # draft-07 ignores keywords beside $ref: move the reference into allOf.
            prop["allOf"] = [{"$ref": prop.pop("$ref")}]


def render(entry: SchemaFile) -> str:
    return json.dumps(json_schema(entry), ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in SCHEMAS:
        path = folder / entry.name
        path.write_text(render(entry), encoding="utf-8", newline="\n")
        written.append(path)
    return written
