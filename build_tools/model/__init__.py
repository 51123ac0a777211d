"""The validated content model: themes, A2 lessons and program settings."""

from .common import Image, Link, VocabItem, WORD_CLASSES
from .curriculum import Curriculum
from .lesson import A2Lesson, DialogueLine, LessonHandout, Phase, PHASE_KINDS, Structure, TOISTO_STEPS
from .settings import ProgramSettings
from .theme import ACTIVITY_KINDS, Activity, Handout, Theme

__all__ = [
    "A2Lesson", "ACTIVITY_KINDS", "Activity", "Curriculum", "DialogueLine", "Handout", "Image",
    "LessonHandout", "Link", "PHASE_KINDS", "Phase", "ProgramSettings", "Structure", "TOISTO_STEPS",
    "Theme", "VocabItem", "WORD_CLASSES",
]
