"""Language identification benchmark: accuracy and cost of `detect_language` on the eval sets.

    .venv/bin/python -m bench.language [--eval /work/shared/eval]

Every case of the shared eval sets (scrapinghub_aeb: 161 en + 20 other languages; zh_cwced_dev:
zh; wcxb_dev: en) through `detect_language` on its gold text and on the text our `process()`
extracts from the page (the identifier's real input). Prints accuracy against the gold `lang`
(the language part: zh-cn and zh-tw count as zh; gold `other`, a language that is not
English, is right when the answer is not `en`) and CPU µs per text, per set. `--pages N`
extracts only the first N pages of a set (process() is the slow part; gold texts are all used).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import time
from pathlib import Path

from pipelines.processing import NotADocument, RawPage, detect_language, process

ROOT = Path(__file__).resolve().parents[1]


def cases(folder: Path):
    for gold_file in sorted(folder.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        html = gold_file.with_suffix(".html")
        body = (
            html.read_bytes()
            if html.exists()
            else gzip.decompress(gold_file.with_suffix(".html.gz").read_bytes())
        )
        yield gold, body


def right(gold: str, got: str) -> bool:
    return got != "en" if gold == "other" else got.split("-")[0] == gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("SCHOOLNEWS_SHARED", str(ROOT.parent / "shared")) + "/eval"
    parser.add_argument("--eval", default=default)
    parser.add_argument("--pages", type=int, default=200, help="pages extracted per set")
    args = parser.parse_args()
    print(
        f"{'set':<18}{'input':<10}{'texts':>6}{'correct':>8}{'accuracy':>9}{'µs/text':>9}"
        f"  wrong (gold->got)"
    )
    for folder in sorted(p for p in Path(args.eval).iterdir() if p.is_dir()):
        gold_texts, extracted = [], []
        for gold, body in cases(folder):
            gold_texts.append((gold["lang"], gold["text"]))
            if len(gold_texts) > args.pages:
                continue
            try:
                doc = process(RawPage(url=gold.get("url") or "https://example.org/", body=body))
                extracted.append((gold["lang"], doc.text))
            except NotADocument:
                pass
        for label, texts in (("gold", gold_texts), ("extracted", extracted)):
            started = time.process_time()
            got = [detect_language(text)[0] for _, text in texts]
            spent = time.process_time() - started
            wrong = [
                f"{lang}->{g}"
                for (lang, _), g in zip(texts, got, strict=True)
                if not right(lang, g)
            ]
            print(
                f"{folder.name:<18}{label:<10}{len(texts):>6}{len(texts) - len(wrong):>8}"
                f"{1 - len(wrong) / len(texts):>9.1%}{1e6 * spent / len(texts):>9.0f}  "
                f"{' '.join(sorted(wrong)[:12])}"
            )


if __name__ == "__main__":
    main()
