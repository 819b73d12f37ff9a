"""The course: lessons in Portuguese (:mod:`.translation`), the workshop handout and the course
site. ``python -m kamkit.course update|build|check`` maintains the Portuguese lessons.
"""

from kamkit.course.translation import (
    LANGUAGE,
    build,
    lessons,
    translated,
    translated_path,
    translation_problems,
    update,
)

__all__ = [
    "LANGUAGE",
    "lessons",
    "translated_path",
    "translation_problems",
    "translated",
    "update",
    "build",
]
