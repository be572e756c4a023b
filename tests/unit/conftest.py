"""The unit tier's environment, one value for every context (conftests and modules of several contexts are
imported into one process, so a per-context default would depend on which was collected first)."""

import os

os.environ.setdefault("MEDIA_BASE_URL", "http://127.0.0.1:3000/media")
