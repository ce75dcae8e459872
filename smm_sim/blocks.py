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
    term = np.empty_like(total)  # one scratch array for every lag's term
    norm = 0.0
    weight = np.ones_like(alpha, dtype=dtype) if np.ndim(alpha) else 1.0
    for lag in range(l_max + 1):
        total += np.multiply(weight, padded[l_max - lag: l_max - lag + weeks], out=term)
        norm = norm + weight
        weight = weight * alpha
    total /= norm
    return total


def posting_response(posts: np.ndarray, fatigue_posts: np.ndarray | float,
                     out: np.ndarray | None = None) -> np.ndarray:
    """Effective posts after audience fatigue: ``x / (1 + x / K)``.

    A Hill curve of slope 1 (Michaelis-Menten, Meridian's default for media) scaled so that
    at low frequency each post counts fully and at ``K`` posts a week each post counts half.
    With K = 6, going from 7 to 14 posts a week keeps 65% of the response per post
    (Track Social measured 57% of likes and 78% of comments). ``out`` may be ``posts``.
    """
    return np.divide(posts, 1.0 + posts / fatigue_posts, out=out)


def hill(x: np.ndarray | float, half: np.ndarray | float,
         slope: np.ndarray | float) -> np.ndarray:
    """Share of the most attainable response at input ``x``: ``x^s / (x^s + half^s)``.

    The Hill saturation of Robyn (``x^α / (x^α + γ^α)``, α in 0.5–3) and Meridian
    (``x^s / (x^s + ec^s)``, slope 1 for media): 0 at no input, ½ at ``half``, tending to 1.
    ``x`` and ``half`` share a unit (money a week for paid spend); ``slope`` is dimensionless.
    """
    ratio = (x / half) ** slope
    return ratio / (1.0 + ratio)


def learning_efficiency(hours_before: np.ndarray, start: np.ndarray | float,
                        scale_hours: float, out: np.ndarray | None = None) -> np.ndarray:
    """Share of full effectiveness reached after some hours of practice on a network.

    ``1 - (1 - start) · exp(-hours_before / scale_hours)``: a new network starts at ``start``
    and closes 63% of the gap after ``scale_hours`` hours (assumption). ``out`` may be
    ``hours_before``: the steps then run in place, with no temporary of its size.
    """
    gap = np.negative(hours_before, out=out)
    gap /= scale_hours
    np.exp(gap, out=gap)
    gap *= 1.0 - start
    return np.subtract(1.0, gap, out=gap)


def grow_followers(outflow: np.ndarray, growth: np.ndarray, inflow: np.ndarray,
                   start: np.ndarray, potential: np.ndarray | float
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Followers at the start and end of each week, per network (time on axis 0, networks on
    axis 1, draws on axis 2).

    ``F[t+1] = F[t]·(1 - out[t]) + R[t]·(g[t]·F[t] + d[t])`` with ``R[t] = max(0, 1 - N[t]/M)``:
    the Bass diffusion model with word of mouth ``g`` (growth per follower), discovery ``d``
    (followers a week whatever the audience size), losses ``out`` (churn and incidents) and
    ``M`` the people who could ever follow, shared by all networks (``N``: followers over
    all networks at the start of week t). The ceiling is hard: where a week's gains would
    carry the followers kept past ``M``, every network's gains shrink by the same factor to
    the room left, so ``N`` never rises above ``M`` (an audience that starts above it only
    shrinks). Away from the ceiling the step is Bass's. The ceiling makes each week depend
    on the last, so the recursion is stepped week by week: with numpy over all draws at once,
    or with plain floats for a single scenario, where numpy's per-call cost would dominate.

    References
    ----------
    Bass (1969); Sultan, Farley & Lehmann (1990): q/p ≈ 13 for the shape.
    """
    keep = 1.0 - np.asarray(outflow)
    start = np.asarray(start)
    shape = np.broadcast_shapes(keep.shape, np.shape(growth), np.shape(inflow), start.shape)
    if shape[2] == 1:
        return _grow_single(keep, growth, inflow, start, potential, shape)
    return _grow_step_wise(keep, growth, inflow, start, potential, shape)


# Gains below this many people are nothing: divides by it instead of 0, and stays finite in
# float32 for any ceiling of up to 1e9 people.
TINY_GAIN = 1e-20


def _sum_rows(rows: np.ndarray, out: np.ndarray) -> None:
    """``out[0] = Σ rows`` over the first axis, row by row (cheaper than a reduction here)."""
    if len(rows) == 1:
        np.copyto(out[0], rows[0])
        return
    np.add(rows[0], rows[1], out=out[0])
    for row in rows[2:]:
        out[0] += row


def _may_pass_ceiling(growth: np.ndarray, inflow: np.ndarray,
                      inverse_potential: np.ndarray) -> bool:
    """Whether any week could carry the audience past its ceiling without the clip.

    With ``x = N/M ≤ 1`` and no more kept than there was, Bass's step gives
    ``N'/M ≤ x + (1 - x)·(max_j g_j + Σ_j d_j / M)``, at most 1 while that bracket is: then
    the room alone keeps the ceiling and the clip's extra sums are skipped (the usual case).
    """
    return bool(np.any(growth.max(axis=1) + inflow.sum(axis=1) * inverse_potential > 1.0))


def _grow_single(keep, growth, inflow, start, potential, shape):
    """The recursion for one draw on Python floats: several times faster than numpy calls."""
    weeks = shape[0]
    keep, growth, inflow = (np.broadcast_to(a, shape).reshape(weeks, -1).tolist()
                            for a in (keep, growth, inflow))
    followers = np.broadcast_to(start, (1,) + shape[1:]).reshape(-1).tolist()
    ceiling = float(np.asarray(potential).reshape(-1)[0])
    clip = any(max(g) + sum(d) / ceiling > 1.0 for g, d in zip(growth, inflow))
    rows = []
    for keep_t, growth_t, inflow_t in zip(keep, growth, inflow):
        room = max(0.0, 1.0 - sum(followers) / ceiling)
        if clip:  # gains never carry the audience past the ceiling: at most the room left
            kept = [f * k for f, k in zip(followers, keep_t)]
            gains = [g * f + d for f, g, d in zip(followers, growth_t, inflow_t)]
            room = min(room, max(0.0, ceiling - sum(kept)) / max(sum(gains), TINY_GAIN))
            followers = [k + room * d for k, d in zip(kept, gains)]
        else:
            followers = [f * k + room * (g * f + d)
                         for f, k, g, d in zip(followers, keep_t, growth_t, inflow_t)]
        rows.append(followers)
    end = np.array(rows).reshape(shape)
    begin = np.concatenate([np.broadcast_to(start, (1,) + shape[1:]).astype(float), end[:-1]])
    return begin, end


def _grow_step_wise(keep, growth, inflow, start, potential, shape):
    """The same recursion stepped week by week: faster when each week holds many draws.

    Works in place on preallocated rows: each step is a handful of numpy calls.
    """
    dtype = np.result_type(keep, growth, inflow)
    # One buffer for the weeks' starts and ends: end[t] is begin[t + 1], no copy needed.
    path = np.empty((shape[0] + 1,) + shape[1:], dtype=dtype)
    path[0] = np.broadcast_to(start, (1,) + shape[1:])[0]
    begin, end = path[:-1], path[1:]
    keep, growth, inflow = (np.broadcast_to(a, shape) for a in (keep, growth, inflow))
    followers = path[0]
    gained = np.empty_like(followers)
    room = np.empty((1,) + shape[2:], dtype=dtype)
    headroom, total = np.empty_like(room), np.empty_like(room)
    ceiling = np.broadcast_to(potential, (1,) + shape[1:])[0, :1].astype(dtype)
    inverse_potential = 1.0 / ceiling
    clip = _may_pass_ceiling(growth, inflow, inverse_potential)
    for t in range(shape[0]):
        # Row by row: numpy's reduction over the short network axis costs more per call.
        _sum_rows(followers, room)
        room *= -inverse_potential
        room += 1.0
        np.maximum(room, 0.0, out=room)
        np.multiply(followers, keep[t], out=end[t])
        np.multiply(growth[t], followers, out=gained)
        gained += inflow[t]
        if clip:  # gains never carry the audience past the ceiling: at most the room left
            _sum_rows(end[t], headroom)
            np.subtract(ceiling, headroom, out=headroom)
            np.maximum(headroom, 0.0, out=headroom)
            _sum_rows(gained, total)
            np.maximum(total, TINY_GAIN, out=total)
            headroom /= total
            np.minimum(room, headroom, out=room)
        gained *= room
        end[t] += gained
        followers = end[t]
    return begin, end
