#!/usr/bin/env python3
"""Checks the command blocks of README.md and docs/*.md: every ```sh block carries a marker on the line before it
(blank lines allowed between), and the blocks marked `<!-- ci-run -->` are printed for .ci/docs-check to run.

Markers:
  <!-- ci: NAME -->       the block is run by .ci/readme-check, .ci/template-check or .ci/tool-check (doc_blocks.py)
  <!-- ci-run -->         .ci/docs-check runs the block as written, from the repository's root
  <!-- ci-skip: WHY -->   not run in CI, and why: a long run (benchmarks, full sweeps), or what it needs

Usage: docs_check.py check FILES...       lists every block and its marker; exits 1 if a block has none
       docs_check.py runnable FILE OUTDIR writes each ci-run block of FILE to OUTDIR/NNN.sh
"""
import os
import re
import sys

MARKER = re.compile(r"\s*<!-- (ci: [\w.-]+|ci-run|ci-skip: .+) -->\s*")


def blocks(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    in_block = None
    for i, line in enumerate(lines):
        if in_block is not None:
            if line.strip() == "```":
                yield in_block
                in_block = None
            else:
                in_block[2].append(line)
            continue
        if line.strip().startswith("```"):
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            m = MARKER.fullmatch(lines[j]) if j >= 0 else None
            in_block = (i + 1, m.group(1) if m else None, [], line.strip()[3:])
    if in_block is not None:
        raise SystemExit(f"error: {path}: the block at line {in_block[0]} is not closed")


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "check":
        missing = 0
        for path in sys.argv[2:]:
            for line, marker, body, language in blocks(path):
                if language != "sh":
                    continue
                if marker is None:
                    print(f"error: {path}:{line}: a command block with no marker (<!-- ci-run -->, <!-- ci: NAME --> or <!-- ci-skip: WHY -->)")
                    missing += 1
                else:
                    print(f"{path}:{line}: {marker}")
        sys.exit(1 if missing else 0)
    if len(sys.argv) == 4 and sys.argv[1] == "runnable":
        os.makedirs(sys.argv[3], exist_ok=True)
        for line, marker, body, language in blocks(sys.argv[2]):
            if marker == "ci-run":
                name = os.path.join(sys.argv[3], f"{os.path.basename(sys.argv[2])}-{line:04d}.sh")
                with open(name, "w", encoding="utf-8") as f:
                    f.write("\n".join(body) + "\n")
        return
    raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
