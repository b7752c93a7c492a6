"""Hypothesis profiles: the test command (and CI) runs a fixed, derandomized set of examples, so a
run's verdict does not depend on its random seed; ``HYPOTHESIS_PROFILE=explore`` draws fresh
random examples (and more of them) to hunt for new failures."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
