"""The mathematics, no machine learning: objects, invariants, exact verifiers, data, tasks.

Each domain package lists the modules that register its plug-ins (tasks, search problems,
declared rules) in a ``REGISTERS`` tuple; the registry imports them the first time it is
consulted. Importing a domain module must not import heavy optional dependencies (SnapPy,
PARI, torch) at top level.
"""
