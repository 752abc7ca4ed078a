"""The mathematics, no machine learning: objects, invariants, exact verifiers, data, tasks.

Each subpackage may hold a ``problems`` and a ``tasks`` module; the registry imports them on
first use, so importing a domain module must not import heavy optional dependencies at top level.
"""
