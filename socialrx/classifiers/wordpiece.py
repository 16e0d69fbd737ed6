"""BERT's uncased WordPiece tokenizer in pure Python: the token ids the sentence-embedding model
of the ``embeddings`` extra reads (docs/models/sentiment.md).

It follows the ``BertNormalizer`` (clean text, CJK characters split, lower case, accents
stripped), the ``BertPreTokenizer`` (whitespace, then each punctuation character alone) and
greedy longest-match WordPiece with the ``##`` prefix and ``[UNK]`` for words longer than 100
characters or without a match: the ids of Hugging Face ``tokenizers`` for all-MiniLM-L6-v2's
``tokenizer.json``, so the extra needs neither ``tokenizers`` nor its huggingface-hub chain.
Sequences are ``[CLS] … [SEP]``, truncated at ``max_tokens`` ids (256, as sentence-transformers
does for this model). Only a prefix of a long text is read: enough for ``max_tokens`` ids, and
never more than its first 128 Ki characters (mostly blank or invisible text stays cheap).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from socialrx.errors import ModelError

# Unicode White_Space (Rust's ``char::is_whitespace``, which ``tokenizers`` uses)
_WHITESPACE = frozenset("\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | frozenset(
    map(chr, range(0x2000, 0x200B))
)
_CONTROL = frozenset(("Cc", "Cf", "Co", "Cs"))  # dropped, except tab and line breaks
# ASCII text: controls dropped, tab and line breaks to spaces (the same as the general path)
_ASCII = {c: None for c in [*range(32), 127] if chr(c) not in "\t\n\r"} | {9: 32, 10: 32, 13: 32}
_MAX_WORD = 100  # longer words become [UNK] (max_input_chars_per_word)
_FIRST_PREFIX = 2048  # characters of a long text read first (then 4×, 16×, 64×: at most)
_LAST_PREFIX = 131_072  # a text with fewer ids than that in its first 128 Ki characters is cut
_CJK = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
        (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))  # fmt: skip


class WordPiece:
    """Token ids of texts for one vocabulary (token → id)."""

    def __init__(self, vocab: Mapping[str, int], max_tokens: int = 256) -> None:
        self.vocab = vocab
        self.max_tokens = max_tokens
        self._pieces: dict[str, tuple[int, ...]] = {}
        try:
            self.unk, self.cls, self.sep = vocab["[UNK]"], vocab["[CLS]"], vocab["[SEP]"]
        except KeyError as exc:
            raise ModelError(f"the WordPiece vocabulary lacks the token {exc.args[0]}") from None

    @classmethod
    def from_file(cls, path: Path, max_tokens: int = 256) -> WordPiece:
        """The vocabulary of a Hugging Face ``tokenizer.json`` (its ``model.vocab``)."""
        try:
            vocab = json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(
                f"{path.name} is not a readable WordPiece tokenizer.json ({type(exc).__name__})"
            ) from None
        if not isinstance(vocab, dict):
            raise ModelError(f"{path.name}: expected model.vocab to map tokens to ids")
        return cls(vocab, max_tokens)

    def __getstate__(self) -> dict[str, object]:
        return {"vocab": dict(self.vocab), "max_tokens": self.max_tokens}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["vocab"], state["max_tokens"])  # type: ignore[misc]

    def encode(self, text: str) -> list[int]:
        """``[CLS]``, the ids of ``text`` (at most ``max_tokens - 2``), ``[SEP]``."""
        room = self.max_tokens - 2
        size = _FIRST_PREFIX
        while True:
            prefix = text if size >= len(text) else _to_whitespace(text[:size])
            ids = [i for word in words(prefix) for i in self.pieces(word)]
            if len(ids) >= room or prefix is text or size >= _LAST_PREFIX:
                return [self.cls, *ids[:room], self.sep]
            size *= 4

    def pieces(self, word: str) -> tuple[int, ...]:
        """The WordPiece ids of one pre-tokenised word (cached per instance)."""
        found = self._pieces.get(word)
        if found is None:
            found = self._pieces[word] = self._split(word)
        return found

    def _split(self, word: str) -> tuple[int, ...]:
        if len(word) > _MAX_WORD:
            return (self.unk,)
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                if sub in self.vocab:
                    ids.append(self.vocab[sub])
                    break
                end -= 1
            else:
                return (self.unk,)
            start = end
        return tuple(ids)


def _to_whitespace(prefix: str) -> str:
    """A prefix cut back to its last whitespace, so that no word is cut in two."""
    for i in range(len(prefix) - 1, 0, -1):
        if _is_whitespace(prefix[i]):
            return prefix[:i]
    return prefix


def _is_whitespace(ch: str) -> bool:
    return ch in _WHITESPACE


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _clean(text: str) -> str:
    """BERT's normaliser (as ``tokenizers`` has it): controls dropped, whitespace to spaces, CJK characters spaced out,
    lower case, accents stripped (NFD without combining marks)."""
    if text.isascii():
        return text.translate(_ASCII).lower()
    out: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp in (0, 0xFFFD):
            continue
        if ch not in "\t\n\r" and unicodedata.category(ch) in _CONTROL:
            continue
        if _is_whitespace(ch):
            out.append(" ")
        elif any(lo <= cp <= hi for lo, hi in _CJK):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    lowered = unicodedata.normalize("NFD", "".join(out).lower())
    return "".join(c for c in lowered if unicodedata.category(c) != "Mn")


def words(text: str) -> list[str]:
    """The pre-tokenised words of ``text``: split on whitespace, each punctuation character a
    word of its own."""
    out: list[str] = []
    for chunk in _clean(text).split():
        if chunk.isalnum():  # no punctuation (the common case)
            out.append(chunk)
            continue
        current = ""
        for ch in chunk:
            if _is_punctuation(ch):
                if current:
                    out.append(current)
                    current = ""
                out.append(ch)
            else:
                current += ch
        if current:
            out.append(current)
    return out
