"""Building blocks of the weekly model: pure, vectorized functions with time on axis 0.

Their forms follow the open-source marketing-mix-modelling libraries (Robyn, Meridian,
PyMC-Marketing): carryover first, then saturation.
"""

from __future__ import annotations

import numpy as np


def geometric_adstock(x: np.ndarray, alpha: np.ndarray | float, l_max: int = 8) -> np.ndarray:
    """Normalised geometric carryover along axis 0.

    ``a[t] = Σ_l α^l · x[t-l] / Σ_l α^l`` for l = 0..l_max, with the weeks before the first
    one taken equal to it (the programme ran at that pace before the horizon starts), so
    a steady input gives a steady output.

    Parameters
    ----------
    x : array, time on axis 0.
    alpha : weekly retention in [0, 1), broadcastable to ``x[0]``.
    l_max : lags kept; 8 as in Meridian.

    References
    ----------
    Meridian ``adstock_hill.py`` (normalised weights, max lag 8); Robyn ``transformation.R``
    (geometric form, digital θ ≈ 0–0.3).
    """
    weeks = x.shape[0]
    padded = np.concatenate([np.repeat(x[:1], l_max, axis=0), x], axis=0)
    dtype = np.result_type(x, alpha)
    total = np.zeros(np.broadcast_shapes(x.shape, np.shape(alpha)), dtype=dtype)
    norm = 0.0
    weight = np.ones_like(alpha, dtype=dtype) if np.ndim(alpha) else 1.0
    for lag in range(l_max + 1):
        total += weight * padded[l_max - lag: l_max - lag + weeks]
        norm = norm + weight
        weight = weight * alpha
    return total / norm


def posting_response(posts: np.ndarray, fatigue_posts: np.ndarray | float) -> np.ndarray:
    """Effective posts after audience fatigue: ``x / (1 + x / K)``.

    A Hill curve of slope 1 (Michaelis-Menten, Meridian's default for media) scaled so that
    at low frequency each post counts fully and at ``K`` posts a week each post counts half.
    With K = 6, going from 7 to 14 posts a week keeps 65% of the response per post
    (Track Social measured 57% of likes and 78% of comments).
    """
    return posts / (1.0 + posts / fatigue_posts)


def learning_efficiency(hours_before: np.ndarray, start: np.ndarray | float,
                        scale_hours: float) -> np.ndarray:
    """Share of full effectiveness reached after some hours of practice on a network.

    ``1 - (1 - start) · exp(-hours_before / scale_hours)``: a new network starts at ``start``
    and closes 63% of the gap after ``scale_hours`` hours (assumption).
    """
    return 1.0 - (1.0 - start) * np.exp(-hours_before / scale_hours)


STEP_WISE_SIZE = 512  # draws × networks from which stepping week by week is the faster solver
SMALLEST_PRODUCT = 1e-150  # below this the closed form loses precision: step instead


def grow_followers(outflow: np.ndarray, growth: np.ndarray, inflow: np.ndarray,
                   start: np.ndarray, potential: np.ndarray | float,
                   tolerance: float = 1e-10, max_rounds: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """Followers at the start and end of each week, per network (time on axis 0, networks on axis 1).

    ``F[t+1] = F[t]·(1 - out[t]) + R[t]·(g[t]·F[t] + d[t])`` with ``R[t] = max(0, 1 - N[t]/M)``:
    the Bass diffusion model with word of mouth ``g`` (growth per follower), discovery ``d``
    (followers a week whatever the audience size), losses ``out`` (churn and incidents) and
    ``M`` the people who could ever follow, shared by all networks (``N``: followers over
    all networks at the start of week t).

    For a known room ``R`` the recursion is linear, ``F[t+1] = a[t]·F[t] + b[t]``, and is
    solved without a loop: ``F[t+1] = C[t]·(F0 + Σ_{s≤t} b[s]/C[s])``, ``C`` the cumulative
    product of ``a``. The room is then recomputed from the new path until it stops moving
    (a few rounds while followers stay well below ``M``), which gives the same numbers as
    stepping week by week; where it does not settle, or the audience all but vanishes, the
    week-by-week solver answers instead.

    References
    ----------
    Bass (1969); Sultan, Farley & Lehmann (1990): q/p ≈ 13 for the shape.
    """
    keep = 1.0 - outflow
    start = np.asarray(start, dtype=float)
    shape = np.broadcast_shapes(np.shape(keep), np.shape(growth), np.shape(inflow), start.shape)
    if np.prod(shape[1:]) >= STEP_WISE_SIZE:
        return _grow_step_wise(keep, growth, inflow, start, potential, shape)
    room = np.ones(1)
    with np.errstate(all="ignore"):  # a vanishing audience is caught below, not warned about
        for _ in range(max_rounds):
            cum = np.cumprod(keep + room * growth, axis=0)
            if not cum.min() > SMALLEST_PRODUCT:  # the closed form would divide by ~0
                break
            end = cum * (start + np.cumsum(room * inflow / cum, axis=0))
            begin = np.concatenate([np.broadcast_to(start, end[:1].shape), end[:-1]], axis=0)
            new_room = np.maximum(0.0, 1.0 - begin.sum(axis=1, keepdims=True) / potential)
            if np.max(np.abs(new_room - room)) <= tolerance:
                return begin, end
            room = new_room
    # Not settled in max_rounds, or an audience that all but vanishes: step week by week.
    return _grow_step_wise(keep, growth, inflow, start, potential, shape)


def _grow_step_wise(keep, growth, inflow, start, potential, shape):
    """The same recursion stepped week by week: faster when each week holds many draws.

    Works in place on preallocated rows: each step is a handful of numpy calls.
    """
    dtype = np.result_type(keep, growth, inflow)
    end = np.empty(shape, dtype=dtype)
    keep, growth, inflow = (np.broadcast_to(a, shape) for a in (keep, growth, inflow))
    followers = np.array(np.broadcast_to(start, (1,) + shape[1:])[0], dtype=dtype)
    gained = np.empty_like(followers)
    room = np.empty((1,) + shape[2:], dtype=dtype)
    inverse_potential = 1.0 / np.broadcast_to(potential, (1,) + shape[1:])[0, :1].astype(dtype)
    for t in range(shape[0]):
        np.sum(followers, axis=0, keepdims=True, out=room)
        room *= -inverse_potential
        room += 1.0
        np.maximum(room, 0.0, out=room)
        np.multiply(growth[t], followers, out=gained)
        gained += inflow[t]
        gained *= room
        np.multiply(followers, keep[t], out=end[t])
        end[t] += gained
        followers = end[t]
    begin = np.concatenate([np.broadcast_to(start, (1,) + shape[1:]).astype(dtype), end[:-1]])
    return begin, end
