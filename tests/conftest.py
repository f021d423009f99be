import sys
from pathlib import Path

# Tests import their helpers as 'tests.helpers'; make the repository root importable.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
