#!/usr/bin/env python3
"""Writes plugins/cleaner/data/html_entities.txt from Python's copy of the
WHATWG list of HTML named character references (html.entities.html5).

Only the names written with a final ';' are kept: the cleaner decodes an
entity only when it is closed by ';'. Run from the top of the source tree."""
import html.entities
import sys

HEADER = (
    "# HTML named character references (the WHATWG list): name, then code points.\n"
    "# Used by the markup and decode_entities options; a line \"name CP [CP]\" adds one.\n"
)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "plugins/cleaner/data/html_entities.txt"
    lines = []
    for name, value in sorted(html.entities.html5.items()):
        if name.endswith(";"):
            cps = " ".join("%04X" % ord(c) for c in value)
            lines.append("%s %s" % (name[:-1], cps))
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
