"""Bytes -> text without silent losses: UTF-8, UTF-16, declared charsets, Windows-1252."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from analysis.io.inputs.rows import _LoadError

_SNIFF_BYTES = 8192
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def _looks_western(text: str) -> bool:
    """Whether cp1252-decoded text looks like Latin-script text rather than mojibake."""
    letters = sum(ch.isalpha() for ch in text[:20000])
    non_ascii = sum(ch.isalpha() and not ch.isascii() for ch in text[:20000])
    return letters == 0 or non_ascii / letters < 0.3


def decode_page(data: bytes, *, html: bool = False) -> str:
    """The text of a page's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, the
    charset an HTML page declares, Windows-1252 / Latin-1, else charset-normalizer's guess.

    Nothing is decoded lossily: bytes no encoding explains raise an error.

    Raises:
        ValueError: the bytes are binary (NUL or control bytes) or cannot be decoded;
            the message starts with "binary" or "undecodable".
    """
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ValueError(f"undecodable: invalid UTF-16 ({error.reason})") from error
    if b"\x00" in data:
        raise ValueError("binary: the file contains NUL bytes")
    text = _decode_text_bytes(data, html=html)
    if len(_CONTROL.findall(text[:100000])) > max(2, len(text[:100000]) // 200):
        raise ValueError("binary: the file is mostly control characters")
    return text


def _decode_text_bytes(data: bytes, *, html: bool) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if html:
        declared = _HTML_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
    try:
        western: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _looks_western(western):
        return western
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return str(best)
    if western is not None:
        return western
    raise ValueError(
        "undecodable: not UTF-8, Windows-1252 or any encoding charset-normalizer knows"
    )


def _sniff_export_encoding(path: Path) -> tuple[str, bool]:
    """(encoding, whether every byte decodes): UTF-8 when the whole file decodes as UTF-8,
    else Windows-1252 when that does, else UTF-8 with undecodable rows reported one by one."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, True
    return "utf-8-sig", False


def _check_export_start(path: Path) -> None:
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if not head.strip():
        raise _LoadError("empty_file", f"{path.name}: the file is empty")
    if b"\x00" in head:
        raise _LoadError("binary_file", f"{path.name}: the file contains NUL bytes (binary?)")
