"""Option checks shared by the public functions: one wording for every refused option."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Literal, get_args, get_origin

import numpy as np


def check_choice(name: str, value: object, allowed: Any) -> None:
    """Refuse ``value`` unless it is one of ``allowed`` (a ``Literal`` type or the choices).

    >>> check_choice("level", "cardinal", Literal["nominal", "ordinal"])
    Traceback (most recent call last):
    ...
    ValueError: level must be one of 'nominal', 'ordinal'; got 'cardinal'
    """
    choices = get_args(allowed) if get_origin(allowed) is Literal else tuple(allowed)
    if not isinstance(value, Hashable) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")


def check_flag(name: str, value: object) -> None:
    """Refuse anything but ``True`` and ``False`` (a string such as ``"no"`` would be true)."""
    if not isinstance(value, bool | np.bool_):
        raise ValueError(f"{name} must be True or False; got {value!r}")


def is_integer(value: object) -> bool:
    """A Python or numpy integer, not a bool."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool)

