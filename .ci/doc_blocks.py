#!/usr/bin/env python3
"""Writes each fenced block of a Markdown file that follows a `<!-- ci: NAME -->` line to OUTDIR/NAME.

The CI scripts run or compile these files, so the blocks in the documents are the ones tested. A marker with no
fenced block after it, or a name used twice, is an error.
"""
import os
import re
import sys


def blocks(text):
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = re.fullmatch(r"\s*<!-- ci: ([\w.-]+) -->\s*", lines[i])
        i += 1
        if not m:
            continue
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i >= len(lines) or not lines[i].lstrip().startswith("```"):
            raise SystemExit(f"error: the marker for {m.group(1)} is not followed by a fenced block")
        fence = lines[i].strip()[:3]
        i += 1
        body = []
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i])
            i += 1
        if i >= len(lines):
            raise SystemExit(f"error: the block {m.group(1)} is not closed")
        yield m.group(1), "\n".join(body) + "\n"


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: doc_blocks.py FILE.md OUTDIR")
    source, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    seen = set()
    with open(source, encoding="utf-8") as f:
        text = f.read()
    for name, body in blocks(text):
        if name in seen:
            raise SystemExit(f"error: {source} has two blocks named {name}")
        seen.add(name)
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(body)
    print(f"{source}: {len(seen)} blocks ({', '.join(sorted(seen))})")


if __name__ == "__main__":
    main()
