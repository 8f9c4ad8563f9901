"""Updating one "## " section of bench/RESULTS.md, leaving the others as they are."""

import os
import re


def write_section(path, title, text):
    """Replaces the section headed `title` ("## ...") in `path` with `text`
    (which starts with that heading), or appends it."""
    old = ""
    if os.path.exists(path):
        with open(path) as f:
            old = f.read()
    if title in old:
        start = old.index(title)
        nxt = re.search(r"^## ", old[start + len(title):], re.M)
        end = start + len(title) + nxt.start() if nxt else len(old)
        new = old[:start] + text.rstrip("\n") + "\n" + ("\n" + old[end:] if nxt else "")
    else:
        if not old:
            old = "# onyx benchmark results\n"
        new = old.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n"
    with open(path, "w") as f:
        f.write(new)
