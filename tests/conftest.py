import sys
from pathlib import Path

# Tests import their helpers as 'tests.helpers'; make the repository root importable.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import os  # noqa: E402

from hypothesis import HealthCheck, settings  # noqa: E402

# Property tests: 2,000 examples in every run; HYPOTHESIS_PROFILE=thorough for a longer search.
_PROPERTY = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "print_blob": True}
settings.register_profile("ci", max_examples=2000, **_PROPERTY)
settings.register_profile("thorough", max_examples=20000, **_PROPERTY)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
