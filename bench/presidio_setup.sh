#!/usr/bin/env bash
# Create bench/.venv-presidio: Presidio's analyzer (pattern recognizers only) for the side-by-side
# benchmark of bench/throughput.py. No spaCy model is downloaded: the benchmark uses a blank
# English pipeline (tokenizer only), the only configuration that runs offline.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
VENV=.venv-presidio
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import presidio_analyzer" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet "presidio-analyzer==${PRESIDIO_VERSION:-2.2.366}"
fi
"$VENV/bin/python" -c "import presidio_analyzer, importlib.metadata as m; print('presidio-analyzer', m.version('presidio-analyzer'))"
