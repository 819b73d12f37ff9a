"""The course: lessons in Portuguese (:mod:`.translation`), the workshop handout and the course
site. ``python -m kamkit.course update|build|check`` maintains the Portuguese lessons.
"""

# the course's public names are those of the translation module, listed once in its __all__
from kamkit.course.translation import *  # noqa: F403
from kamkit.course.translation import __all__ as __all__
