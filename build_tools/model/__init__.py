"""The validated content model: themes, A2 lessons and program settings."""

from .common import Image, Link, VocabItem, WORD_CLASSES
from .curriculum import Curriculum
from .group import EVENT_KINDS, TRACKS, Group, GroupEvent
from .lesson import A2Lesson, DialogueLine, LessonHandout, Phase, PHASE_KINDS, Structure, TOISTO_STEPS
from .session import SESSION_KINDS, Session
from .settings import ProgramSettings
from .theme import ACTIVITY_KINDS, Activity, Handout, SessionPlan, SpokenExpression, Theme

__all__ = [
    "A2Lesson", "ACTIVITY_KINDS", "Activity", "Curriculum", "DialogueLine", "EVENT_KINDS", "Group", "GroupEvent",
    "Handout", "Image", "SESSION_KINDS", "Session", "SessionPlan", "SpokenExpression", "TRACKS",
    "LessonHandout", "Link", "PHASE_KINDS", "Phase", "ProgramSettings", "Structure", "TOISTO_STEPS",
    "Theme", "VocabItem", "WORD_CLASSES",
]
