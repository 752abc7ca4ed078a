"""Chunk functions for tests/store/test_datasets.py, in a module of their own so that the
worker processes of a spawn-context pool can import them."""

from __future__ import annotations

import os
import signal

import pandas as pd


def collatz_steps(a: int, b: int):
    """Total stopping times of a..b-1 (OEIS A006577), and how many steps were taken."""
    rows = []
    for n in range(a, b):
        m, steps = n, 0
        while m != 1:
            m = m // 2 if m % 2 == 0 else 3 * m + 1
            steps += 1
        rows.append({"n": n, "steps": steps})
    return pd.DataFrame(rows), {"steps": sum(r["steps"] for r in rows)}


def rows_as_list(a: int, b: int):
    return [{"n": n, "steps": None} for n in range(a, b)]


def fails_at(a: int, b: int, bad: int):
    if a == bad:
        raise ArithmeticError(f"chunk {a} fails")
    return collatz_steps(a, b)


def sigterm_self(a: int, b: int):
    os.kill(os.getpid(), signal.SIGTERM)
    return collatz_steps(a, b)
