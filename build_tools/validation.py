"""Turn pydantic validation errors into plain-Finnish problems at exact lines."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Problems
from .yamlsource import SourceDoc

_TYPE_NAMES = {
    "int": "kokonaisluku, esimerkiksi 15",
    "str": "tekstiä",
    "list": "luettelo, jonka rivit alkavat '- '",
    "dict": "kenttiä sisältävä kohta (nimi: arvo)",
    "model": "kenttiä sisältävä kohta (nimi: arvo)",
    "bool": "true tai false",
}


def validate_doc(model: type[BaseModel], doc: SourceDoc, problems: Problems) -> BaseModel | None:
    """Validate ``doc.data`` as ``model``; add each error to ``problems``."""
    if not isinstance(doc.data, dict):
        problems.add(doc.path, 1, 1, "tiedoston pitää koostua kentistä (nimi: arvo), ei pelkästä tekstistä tai luettelosta")
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            kind = error["type"]
            if kind == "missing":
                # Point at the mapping that lacks the field.
                pos = doc.value_pos(loc[:-1])
            elif kind == "extra_forbidden":
                pos = doc.pos(loc, prefer_key=True)
            else:
                pos = doc.value_pos(loc)
            problems.add(doc.path, pos.line, pos.column, describe(model, error))
        return None


def where(loc: tuple) -> str:
    """A readable name for a data path: activities[2].minutes -> 'activities › 3. › minutes'."""
    parts = []
    for part in loc:
        parts.append(f"{part + 1}." if isinstance(part, int) else str(part))
    return " › ".join(parts)


def describe(model: type[BaseModel], error: dict[str, Any]) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    name = loc[-1] if loc and isinstance(loc[-1], str) else None
    field = f"kenttä '{name}'" if name else where(loc) or "arvo"
    value = error.get("input")
    if kind == "missing":
        return f"pakollinen {field} puuttuu{_in(loc[:-1])}"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        hint = ""
        close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
        if close:
            hint = f" Tarkoititko '{close[0]}'?"
        elif allowed:
            hint = " Sallitut kentät: " + ", ".join(allowed) + "."
        message = f"tuntematon kenttä '{name}'{_in(loc[:-1])}"
        # where() already ends an index with a full stop ("activities › 5."): no second one.
        return (message if message.endswith(".") else message + ".") + hint
    if kind == "literal_error":
        options = _choices(model, loc)
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
        hint = f". Tarkoititko '{close[0]}'?" if close else ""
        return f"{where(loc)}: pitää olla jokin näistä: {', '.join(options)}; nyt {_show(value)}{hint}"
    if kind.startswith("auroras_"):
        return f"{where(loc)}: {error['msg']}"
    if kind == "int_parsing_size":
        return f"{where(loc)}: pitää olla {_TYPE_NAMES['int']}, nyt liian pitkä luku"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{where(loc)}: pitää olla {_TYPE_NAMES['int']}, nyt {_show(value)}"
    if kind == "string_type":
        hint = ""
        if isinstance(value, (bool, int, float)):
            hint = "; jos arvo on tekstiä, laita se lainausmerkkeihin"
        return f"{where(loc)}: pitää olla {_TYPE_NAMES['str']}, nyt {_show(value)}{hint}"
    if kind == "list_type":
        return f"{where(loc)}: pitää olla {_TYPE_NAMES['list']}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{where(loc)}: pitää olla {_TYPE_NAMES['dict']}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{where(loc)}: pitää olla {_TYPE_NAMES['bool']}"
    if kind == "string_too_short":
        return f"{where(loc)}: ei saa olla tyhjä"
    if kind == "string_too_long":
        length = len(value) if isinstance(value, str) else None
        actual = f", nyt {length} merkkiä" if length is not None else ""
        return (f"{where(loc)}: liian pitkä: enintään {ctx.get('max_length')} merkkiä{actual}. Lyhennä tekstiä "
                "tai jaa se osiin.")
    if kind == "too_short":
        return f"{where(loc)}: pitää olla vähintään {ctx.get('min_length')} kohtaa, nyt {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        return f"{where(loc)}: saa olla enintään {ctx.get('max_length')} kohtaa"
    if kind == "greater_than":
        return f"{where(loc)}: pitää olla suurempi kuin {ctx.get('gt')}, nyt {_show(value)}"
    if kind == "greater_than_equal":
        return f"{where(loc)}: pitää olla vähintään {ctx.get('ge')}, nyt {_show(value)}"
    if kind == "less_than_equal":
        return f"{where(loc)}: saa olla enintään {ctx.get('le')}, nyt {_show(value)}"
    if kind == "less_than":
        return f"{where(loc)}: pitää olla pienempi kuin {ctx.get('lt')}, nyt {_show(value)}"
    return f"{where(loc)}: virheellinen arvo ({error['msg']})"


def _choices(model: type[BaseModel], loc: tuple) -> list[str]:
    target = _type_at(model, loc)
    return [str(a) for a in typing.get_args(target)] if typing.get_origin(target) is typing.Literal else []


def _in(loc: tuple) -> str:
    return f" kohdassa {where(loc)}" if loc else ""


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "luettelo tai rakenne"
    if value is None:
        return "tyhjä"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    target = _type_at(model, loc)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return list(target.model_fields)
    return []


def _strip(tp: Any) -> Any:
    """Remove Annotated and Optional wrappers."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp


def _type_at(model: type[BaseModel], loc: tuple) -> Any:
    tp: Any = model
    for part in loc:
        tp = _strip(tp)
        if isinstance(part, int):
            if typing.get_origin(tp) is list:
                tp = typing.get_args(tp)[0]
            else:
                return None
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and part in tp.model_fields:
            tp = tp.model_fields[part].annotation
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            return None
    return _strip(tp)
