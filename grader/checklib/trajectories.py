"""Trajectories of an update rule ``update(w, dw, config) -> (next_w, config)``, as a training loop runs it.

Every call gets the next_w and the config the previous call returned. The learner's trajectory is
compared step by step with a trusted one; at the first wrong step it is compared with the
trajectories of known mistakes, so the failure can say which mistake it is.
"""
import numpy as np

from grader.checklib.closeness import close
from grader.checklib.compare import loosest_tolerance
from grader.checklib.compare import as_numeric, describe, expect_tuple, tensor_diff
from grader.checklib.verdicts import Observed
from grader.i18n import t
from grader.sandbox.proxy import short_repr


def run_trusted(update, w, dws, config):
    """The trajectory ``[next_w, ...]`` of a trusted update from ``w``, config passed along (float64)."""
    ws, config = [], {k: v for k, v in (config or {}).items()}
    with np.errstate(all="ignore"):
        for dw in dws:
            w, config = update(w, dw, config)
            ws.append(w)
    return ws


def matching_mistake(mistakes, w0, dws, config0, got_ws, rtol, atol):
    """The words of the first ``(words, update)`` mistake whose trajectory matches ``got_ws`` so far, or ''."""
    for words, update in mistakes:
        variant = run_trusted(update, w0, dws[:len(got_ws)], config0)
        if all(close(g, v, rtol, atol) for g, v in zip(got_ws, variant)):
            return words
    return ""


def learner_step(learner, name, w, dw, config, call, omit_config=False):
    """One learner call; returns (next_w as an array, config dict), after checking their form."""
    result = getattr(learner, name)(w, dw) if omit_config else getattr(learner, name)(w, dw, config)
    next_w, new_config = expect_tuple(result, 2, call, "(next_w, config)")
    try:
        next_w = as_numeric(next_w, call)
    except AssertionError:
        raise AssertionError(t("trajectories.next_w_not_array", call=call, what=describe(next_w))) from None
    if next_w.shape != np.shape(w):
        raise AssertionError(t("trajectories.next_w_shape", call=call, shape=next_w.shape, w_shape=np.shape(w)))
    if not isinstance(new_config, dict):
        raise AssertionError(t("trajectories.config_not_dict", call=call, what=describe(new_config)))
    return next_w, new_config


def describe_config(config):
    """'config={...}' with short values (or 'config=None'), for messages."""
    if config is None:
        return "config=None"
    return "config={" + ", ".join(f"{k!r}: {short_repr(v, 40)}" for k, v in config.items()) + "}"


def show(value):
    """A one-line repr of a small array, with enough digits to see small steps."""
    with np.printoptions(precision=8, threshold=12, edgeitems=3, floatmode="maxprec"):
        text = " ".join(repr(np.asarray(value)).split())
    return text if len(text) <= 160 else text[:157] + "..."


def wrong_step(header, got, expected, w, dw, rtol, atol, reason=""):
    """An AssertionError showing one wrong step."""
    lines = [header]
    if reason:
        lines.append(f"  {reason}")
    lines += [t("trajectories.w", value=show(w)), t("trajectories.dw", value=show(dw)),
              t("compare.expected", value=show(expected)), t("compare.got", value=show(got))]
    lines += tensor_diff(got, np.asarray(expected, dtype=np.float64), rtol, atol)
    return AssertionError("\n".join(lines))


def follow(learner, name, w0, dws, config0, *, expected_ws, mistakes, start="", check_config=None, hinted=None):
    """Run the learner's trajectory, config passed along, and fail at the first wrong step.

    ``mistakes`` are ``(words, update)`` pairs tried when a step is wrong; ``start`` words the first
    config in messages; ``check_config(config, step, where)`` may fail on the config a right step returned.
    A wrong step keeps the check's hint only when a mistake reproduces it and (if ``hinted`` names
    some) that mistake's words are in ``hinted``; otherwise it is ``Observed``.
    """
    steps, dtype = len(dws), np.asarray(w0).dtype
    w, config, got_ws = w0, (None if config0 is None else dict(config0)), []
    for k, dw in enumerate(dws):
        call = t("trajectories.step_call", name=name, step=k + 1, steps=steps)
        where = t("trajectories.where", call=call, start=start, config=describe_config(config0))
        next_w, config = learner_step(learner, name, w, dw, config, where)
        got_ws.append(next_w)
        rtol, atol = loosest_tolerance(dtype, next_w.dtype)
        if not close(next_w, expected_ws[k], rtol, atol):
            reason = matching_mistake(mistakes, w0, dws, config0, got_ws, rtol, atol)
            failure = wrong_step(t("trajectories.wrong_next_w", where=where), next_w, expected_ws[k], w, dw, rtol,
                                 atol, reason)
            raise failure if reason and (hinted is None or reason in hinted) else Observed(str(failure))
        if check_config:
            check_config(config, k + 1, where)
        w = next_w
