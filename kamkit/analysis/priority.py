"""The pursuit rule's numbers: which accounts are candidates, their progress, score and rank.

The rule itself is told in :mod:`kamkit.analysis.pursuit`; ``segment()`` shows the rank as
``priority`` and ``pursuit_list()`` the score. It lives apart from both so that neither
imports the other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kamkit.core.text import factorize_text

__all__ = [
    "CANDIDATE_STAGES",
    "PROGRESS_BONUS",
    "PROGRESS_STEPS",
    "COLD_CONTACT_DAYS",
    "candidates",
    "scores",
    "ranks",
]

CANDIDATE_STAGES = ("untouched", "approached", "occasional", "lapsed")
#: How much the most progress adds to the gap (0.5: the gap counts 1.5 times).
PROGRESS_BONUS = 0.5
#: Interactions with a non-negative outcome in the window that earn the whole bonus.
PROGRESS_STEPS = 3
#: Days without contact after which the reason says "no contact in N days".
COLD_CONTACT_DAYS = 180


def candidates(
    stage_codes: np.ndarray, quadrant_codes: np.ndarray, stages: tuple, quadrants: tuple
) -> np.ndarray:
    """Conquer-quadrant accounts in a candidate stage (codes into ``stages`` and
    ``quadrants``, the segmentation's STAGES and QUADRANTS)."""
    wanted = np.isin(stage_codes, [stages.index(s) for s in CANDIDATE_STAGES])
    return wanted & (quadrant_codes == quadrants.index("conquer"))


def scores(gap: np.ndarray, steps: np.ndarray, candidate: np.ndarray) -> np.ndarray:
    """The pursuit score of each candidate (NaN elsewhere) from its gap and its progress steps
    (interactions in the window whose outcome is blank or not negative: the facts' ``steps``,
    :mod:`kamkit.analysis.facts`)."""
    progress = np.minimum(steps, PROGRESS_STEPS) / PROGRESS_STEPS
    return np.where(candidate, gap * (1.0 + PROGRESS_BONUS * progress), np.nan)


def ranks(
    score: np.ndarray, potential: np.ndarray, territory: pd.Series, id_rank: np.ndarray
) -> np.ndarray:
    """Rank within territory of every scored account (int64, 0 = not ranked)."""
    rank = np.zeros(len(score), dtype=np.int64)
    rows = np.flatnonzero(~np.isnan(score))
    if len(rows) == 0:
        return rank
    groups = factorize_text(territory)[0][rows]  # a blank territory (-1) is a group too
    order = np.lexsort((id_rank[rows], -potential[rows], -score[rows], groups))
    g = groups[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    first_of_group = np.repeat(starts, np.diff(np.r_[starts, len(g)]))
    rank[rows[order]] = np.arange(len(g)) - first_of_group + 1
    return rank
