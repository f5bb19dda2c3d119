"""aligner: check English/French abstract pairs for translation divergences.

The public API: build a :class:`Checker` once, feed it :class:`InputRecord` objects, get
:class:`CheckResult` objects whose ``to_dict()`` is the contract's output record.
"""

from aligner.pipeline import Checker, CheckerConfig
from aligner.records import Bead, CheckResult, InputRecord
from aligner.version import __version__

__all__ = ["Bead", "CheckResult", "Checker", "CheckerConfig", "InputRecord", "__version__"]
