"""Presidio's analyzer on the benchmark posts; runs in bench/.venv-presidio (presidio_setup.sh).

Configuration: the only one that runs offline. Every predefined recognizer for English, a blank
spaCy English pipeline (tokenizer only, nothing downloaded) as the NLP engine, so pattern
recognizers (with their validation and context enhancement) do the work.

Usage: presidio_runner.py POSTS.json REPEATS  → prints {"rates": [...], "version": ...} as JSON.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from importlib.metadata import version
from typing import Any


def build() -> Any:
    # Offline: the e-mail recognizer's tldextract would fetch the public suffix list; use the
    # snapshot it ships instead.
    tldextract: Any = importlib.import_module("tldextract")
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())
    spacy = importlib.import_module("spacy")
    pa = importlib.import_module("presidio_analyzer")
    nlp_engine = importlib.import_module("presidio_analyzer.nlp_engine")

    engine = nlp_engine.SpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank:en"}])
    engine.nlp = {"en": spacy.blank("en")}  # loaded: AnalyzerEngine won't call load()
    registry = pa.RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=engine)
    return pa.AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as fh:
        posts: list[str] = json.load(fh)
    repeats = int(sys.argv[2])
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    analyzer = build()
    for text in posts[:200]:  # warm-up
        analyzer.analyze(text=text, language="en")
    rates = []
    found = 0
    for _ in range(repeats):
        start = time.perf_counter()
        found = sum(len(analyzer.analyze(text=text, language="en")) for text in posts)
        rates.append(len(posts) / (time.perf_counter() - start))
    json.dump({"rates": rates, "found": found, "version": version("presidio-analyzer")}, sys.stdout)


if __name__ == "__main__":
    main()
