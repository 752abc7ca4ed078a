"""Contracts only (stdlib + numpy): tasks, certificates, encodings, search problems, registry."""

from conjectura.core.certificate import FORMAT, Certificate, Verdict, certify
from conjectura.core.problem import Encoding, SearchEngine, SearchProblem
from conjectura.core.registry import (
    get_engine,
    get_problem,
    get_task,
    list_engines,
    list_problems,
    list_tasks,
    register_engine,
    register_problem,
    register_task,
)
from conjectura.core.seeding import as_generator, child_seeds
from conjectura.core.task import Dataset, Task

__all__ = [
    "FORMAT",
    "Certificate",
    "Verdict",
    "certify",
    "Encoding",
    "SearchEngine",
    "SearchProblem",
    "Dataset",
    "Task",
    "get_engine",
    "get_problem",
    "get_task",
    "list_engines",
    "list_problems",
    "list_tasks",
    "register_engine",
    "register_problem",
    "register_task",
    "as_generator",
    "child_seeds",
]
