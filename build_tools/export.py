"""JSON export of the validated model, for other tools and for tests."""

from __future__ import annotations

from typing import Any

from .model import Curriculum


def export_json(curriculum: Curriculum) -> dict[str, Any]:
    return {
        "settings": curriculum.settings.model_dump(mode="json"),
        "themes": [theme.model_dump(mode="json") for theme in curriculum.themes],
        "a2_lessons": [lesson.model_dump(mode="json") for lesson in curriculum.lessons],
    }
