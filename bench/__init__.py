"""The benchmarks: run each from the repository's folder as ``python -m bench.<name>``, so that
the package is found without touching ``sys.path``."""
