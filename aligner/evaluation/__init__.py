"""Measuring instruments: alignment metrics against gold, divergence injection, REFreSD.

Everything here judges the checker from the outside, through the same code path as
``aligner check`` (:func:`aligner.runner.run_check`), so that the figures describe what a
user gets. Nothing in this package is imported by the checker itself.
"""
