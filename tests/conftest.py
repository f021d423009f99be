import sys
from pathlib import Path

# Tests import their helpers as 'tests.helpers'; make the repository root importable.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import os  # noqa: E402

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from tests.catalog_files import DistinctFile  # noqa: E402

# Property tests (every @given test; pytest selects them with `-m hypothesis`). The default profile keeps
# a local run fast; CI reruns them with HYPOTHESIS_PROFILE=ci, and `thorough` is for a long search.
_PROPERTY = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "print_blob": True}
PROFILES = {"dev": 100, "ci": 2000, "thorough": 20000}
for _name, _examples in PROFILES.items():
    settings.register_profile(_name, max_examples=_examples, **_PROPERTY)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    """A test of one distinct content stands for every file with that content: a failure names them all."""
    report: pytest.TestReport = yield
    callspec = getattr(item, "callspec", None)
    file = callspec.params.get("file") if callspec else None
    if report.failed and isinstance(file, DistinctFile):
        report.sections.append(("every file with this content", file.where()))
    return report
