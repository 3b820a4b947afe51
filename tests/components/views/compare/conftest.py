"""The SYNTHETIC dataset (tests/synthetic.py) and the shipped one, as module-scoped fixtures."""

from tests.synthetic import shipped, syn  # noqa: F401 (fixtures, found by pytest by name)
