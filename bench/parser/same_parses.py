"""Checks that a change to the parser left every parse as it was: for work on speed.

``python -m bench.parser.same_parses --write FILE`` records the parse of every page the parser
knows (the real pages, their region dumps, the annotated corpora, the seeds) before a change;
``python -m bench.parser.same_parses FILE`` parses them again and lists every page whose parse
(its fields, warnings and confidence) differs. Exit status 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from articles.parsing import SeedParseError, parse_seed, to_expected_dict
from bench.parser.pages import CORPORA, REAL, ROOT


def _files() -> list[Path]:
    files = sorted(REAL.glob("*.txt"))
    for folder in (*CORPORA, ROOT / "seeds"):
        files += sorted(folder.glob("*.txt"))
    return [path for path in files if not path.name.endswith(".true.txt")]


def _parse(path: Path) -> dict[str, Any]:
    try:
        article = parse_seed(path.read_bytes(), source=path.name)
    except SeedParseError as error:
        return {"error": str(error)}
    parsed = to_expected_dict(article)
    parsed["warnings"] = list(article.warnings)
    parsed["confidence"] = round(article.confidence, 6)
    return parsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("record", type=Path, help="the file of recorded parses")
    parser.add_argument("--write", action="store_true", help="record the parses instead")
    arguments = parser.parse_args(argv)
    parses = {str(path.relative_to(ROOT)): _parse(path) for path in _files()}
    if arguments.write:
        arguments.record.write_text(json.dumps(parses, ensure_ascii=False, indent=1))
        print(f"{len(parses)} parses recorded")
        return 0
    recorded = json.loads(arguments.record.read_text())
    changed = [
        name
        for name in sorted(recorded.keys() | parses.keys())
        if recorded.get(name) != parses.get(name)
    ]
    for name in changed:
        print(f"changed: {name}")
    print(f"{len(parses) - len(changed)} of {len(parses)} parses as recorded")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
