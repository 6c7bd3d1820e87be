#!/usr/bin/env python3
"""The article-body metric our evaluation of real pages uses (the common one of public
article-extraction benchmarks): texts are cut into word tokens (\\w+, any script), tokens into
overlapping 4-token shingles, and a page's predicted shingles are matched against its true ones
as multisets. Each page weighs the same: its true positives, false positives and false negatives
are divided by their sum. Precision is the mean over pages that predicted something, recall the
mean over pages that have a true text, F1 the harmonic mean of the two means.

    score_body.py TRUE_DIR PRED_DIR        # NAME.txt in both; a missing prediction is empty
    score_body.py --pairs pairs.json       # {"name": {"true": "...", "pred": "..."}}

Prints one line per page with --verbose, then `pages N  precision P  recall R  F1 F`.
Import `page_counts` and `summary` to use it from code. Standard library only.
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

WORD = re.compile(r"\w+")
N = 4


def shingles(text: str) -> Counter:
    words = WORD.findall(text or "")
    if len(words) < N:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + N]) for i in range(len(words) - N + 1))


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page, normalised to sum to 1 (all zero when both texts are empty)."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp, fp, fn):
    return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))


def _recall(tp, fp, fn):
    return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))


def summary(counts: list[tuple[float, float, float]]) -> dict:
    ps = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = sum(ps) / len(ps) if ps else 0.0
    recall = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pages": len(counts), "precision": precision, "recall": recall, "f1": f1}


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("true_dir", nargs="?")
    ap.add_argument("pred_dir", nargs="?")
    ap.add_argument("--pairs")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    if a.pairs:
        pairs = json.loads(Path(a.pairs).read_text(encoding="utf-8"))
    elif a.true_dir and a.pred_dir:
        pairs = {}
        for f in sorted(Path(a.true_dir).glob("*.txt")):
            pred = Path(a.pred_dir) / f.name
            pairs[f.stem] = {
                "true": f.read_text(encoding="utf-8"),
                "pred": pred.read_text(encoding="utf-8") if pred.exists() else "",
            }
    else:
        ap.error("give TRUE_DIR PRED_DIR or --pairs")
    counts = []
    for name, pair in pairs.items():
        c = page_counts(pair["true"], pair["pred"])
        counts.append(c)
        if a.verbose:
            s = summary([c])
            print(f"{name}\tP {s['precision']:.3f}\tR {s['recall']:.3f}\tF1 {s['f1']:.3f}")
    s = summary(counts)
    print(
        f"pages {s['pages']}  precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
