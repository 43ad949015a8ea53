#!/usr/bin/env python3
"""Draw the held-out credits sample (100 articles) from the rmrb-crawl corpus,
excluding every file already in the first gold list (credits-gold.jsonl)."""
import json, os, random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../shared/corpus/rmrb-crawl")
GOLD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "credits-gold.jsonl")

files = []
for dirpath, _, names in os.walk(ROOT):
    for n in names:
        if n.endswith(".txt"):
            files.append(os.path.relpath(os.path.join(dirpath, n), ROOT))
files = sorted(files)

with open(GOLD, encoding="utf-8") as f:
    gold = {json.loads(l)["file"] for l in f if l.strip()}

remaining = [p for p in files if p not in gold]
random.seed(19491001)
holdout = random.sample(remaining, 100)

if __name__ == "__main__":
    print(f"files={len(files)} gold={len(gold)} remaining={len(remaining)} holdout={len(holdout)}")
    with open(os.devnull, "w", encoding="utf-8") as out:
        for i, p in enumerate(holdout, 1):
            out.write(f"{i}\t{p}\n")
