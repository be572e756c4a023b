"""A function whose init never ends on its own: it says which process imports it, then sleeps."""

import os
import pathlib
import time

pathlib.Path(os.environ["STARTED_FILE"]).write_text(str(os.getpid()))
time.sleep(600)


def handler(event, context):
    return "never"
