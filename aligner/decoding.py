"""Turn an input file's bytes into text lines, whatever the encoding, saying what was repaired.

Why line by line from bytes (instead of one ``open(..., errors="replace")``): the readers
must tell the user *which* line had bytes that are not UTF-8 and what was done with them,
and must not let one enormous line take unbounded memory.

Rules, in order:

- A byte-order mark decides: UTF-8, UTF-16 (LE/BE) or UTF-32 (LE/BE). A file that starts
  with NUL-interleaved ASCII and no mark is read as UTF-16 of that byte order (what
  Windows tools write when they drop the mark).
- Otherwise each line is UTF-8. A line that is not: if it holds no valid UTF-8 multi-byte
  sequence at all it was written in a legacy 8-bit encoding, and Windows-1252 (a superset
  of Latin-1 for text, the usual one for French) reads it; else (UTF-8 with damage) the
  bad bytes become U+FFFD. Either way the line carries a note naming the first bad byte.
- A line longer than :data:`MAX_LINE_BYTES` is skipped to its end in chunks (memory stays
  bounded) and reported as too long; the reader turns it into an ``error`` record.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

# 32 MiB: two sides at the 2,000,000-character limit of aligner.validate, in UTF-8 or
# JSON-escaped, plus metadata; a longer line cannot hold a record the checker would accept.
MAX_LINE_BYTES = 32 * 1024 * 1024
_SKIP_CHUNK = 1024 * 1024

# UTF-32 first: its little-endian mark starts with UTF-16's.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class DecodedLine:
    """One physical line: its text (with its newline), its 1-based number, what was repaired
    (``note``), whether it ended with a newline, and whether it was too long to read."""

    text: str
    number: int
    note: str | None = None
    complete: bool = True
    too_long: int = 0  # the line's length in bytes when over the limit, else 0


def sniff_encoding(head: bytes) -> tuple[str, int]:
    """(codec, bytes of byte-order mark to skip) from a file's first bytes."""
    for mark, codec in BYTE_ORDER_MARKS:
        if head.startswith(mark):
            # The UTF-16/32 codecs read their mark themselves (and so learn the byte order).
            return codec, len(mark) if codec == "utf-8" else 0
    sample = head[:512]
    if len(sample) >= 8:
        even_nuls = sample[0::2].count(0) / len(sample[0::2])
        odd_nuls = sample[1::2].count(0) / len(sample[1::2])
        if odd_nuls > 0.4 and even_nuls < 0.05:
            return "utf-16-le", 0
        if even_nuls > 0.4 and odd_nuls < 0.05:
            return "utf-16-be", 0
    return "utf-8", 0


def decoded_lines(binary: IO[bytes], max_line_bytes: int = MAX_LINE_BYTES
                  ) -> Iterator[DecodedLine]:
    """The lines of a binary stream as text, by the rules of the module docstring."""
    buffered = binary if isinstance(binary, io.BufferedReader) else io.BufferedReader(binary)  # type: ignore[arg-type]
    codec, skip = sniff_encoding(buffered.peek(4096)[:4096])
    buffered.read(skip)
    if codec != "utf-8":
        yield from _wide_lines(buffered, codec, max_line_bytes)
        return
    number = 0
    while raw := buffered.readline(max_line_bytes + 1):
        number += 1
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            yield DecodedLine("", number, too_long=len(raw) + _skip_rest_of_line(buffered))
            continue
        text, note = decode_utf8_line(raw)
        yield DecodedLine(text, number, note, complete=raw.endswith(b"\n"))


def decode_utf8_line(raw: bytes) -> tuple[str, str | None]:
    """(text, note) for one line of a UTF-8 file, by the module docstring's rules."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        where = f"byte 0x{raw[exc.start]:02x} at position {exc.start + 1}"
    replaced = raw.decode("utf-8", errors="replace")
    if not any(ord(ch) > 127 and ch != "\ufffd" for ch in replaced):
        try:
            return raw.decode("cp1252"), f"not UTF-8 ({where}); read as Windows-1252/Latin-1"
        except UnicodeDecodeError:
            pass
    return replaced, f"bytes that are not UTF-8 ({where}) replaced by \ufffd"


def read_text(binary: IO[bytes]) -> tuple[str, list[str]]:
    """A whole (small) text file, decoded by the same rules; notes name the lines repaired."""
    parts, notes = [], []
    for line in decoded_lines(binary, max_line_bytes=1 << 62):
        parts.append(line.text)
        if line.note:
            notes.append(f"line {line.number}: {line.note}")
    return "".join(parts), notes


def _wide_lines(buffered: IO[bytes], codec: str, max_line_bytes: int) -> Iterator[DecodedLine]:
    """Lines of a UTF-16/32 file; undecodable units become U+FFFD, noted."""
    stream = io.TextIOWrapper(buffered, encoding=codec, errors="replace", newline="")
    limit = max_line_bytes // 2
    number = 0
    while text := stream.readline(limit + 1):
        number += 1
        if len(text) > limit and not text.endswith("\n"):
            extra = 0
            while (chunk := stream.readline(_SKIP_CHUNK)) and not chunk.endswith("\n"):
                extra += len(chunk)
            yield DecodedLine("", number, too_long=2 * (len(text) + extra + len(chunk)))
            continue
        note = f"undecodable {codec.upper()} units replaced by \ufffd" if "\ufffd" in text else None
        yield DecodedLine(text, number, note, complete=text.endswith("\n"))


def _skip_rest_of_line(buffered: IO[bytes]) -> int:
    """Read up to the end of the current line in bounded chunks; the bytes skipped."""
    skipped = 0
    while chunk := buffered.readline(_SKIP_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped
