"""Stream the objects of a JSON array inside a large JSON document, in flat memory.

A Crossref ``work-list`` page or a HAL API answer is one JSON object whose records sit in
an array (``message.items``, ``response.docs``). :func:`iter_array_items` finds the first
``"<key>": [`` and decodes one item at a time with :meth:`json.JSONDecoder.raw_decode`,
reading the file in chunks, so memory holds one record, not the whole page. The text
before the array is returned too, for the document's own fields (``message-type``).
JSON Lines (one object per line) and a top-level array are handled by the same reader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

CHUNK = 1 << 16
_DECODER = json.JSONDecoder()


class JsonProblem(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class _Buffer:
    def __init__(self, stream: IO[str], head: str) -> None:
        self.stream = stream
        self.text = head
        self.pos = 0
        self.eof = False

    def more(self) -> bool:
        """Read another chunk (dropping what is consumed); False at the end of the file."""
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK)
        self.text = self.text[self.pos:] + chunk
        self.pos = 0
        self.eof = not chunk
        return bool(chunk)

    def skip(self, characters: str) -> str:
        """Skip these characters; the next character ('' at the end of the file)."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in characters:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def decode(self) -> Any:
        """The next JSON value; more is read while the value is cut by the chunk's end."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if self.more():
                    continue
                if exc.pos >= len(self.text.rstrip()) - 1:
                    raise JsonProblem("truncated JSON", f"the file ends inside a record "
                                      f"({exc.msg})") from exc
                raise JsonProblem("malformed JSON", f"not valid JSON ({exc.msg} at character "
                                  f"{exc.pos} of the record)") from exc
            self.pos = end
            return value


def iter_array_items(stream: IO[str], head: str, key: str) -> tuple[str, Iterator[Any]]:
    """The text before ``"key": [`` and an iterator over the array's items."""
    buffer = _Buffer(stream, head)
    pattern = re.compile(r'"' + re.escape(key) + r'"\s*:\s*\[')
    while True:
        match = pattern.search(buffer.text)
        if match:
            break
        if len(buffer.text) > (1 << 22) or not buffer.more():
            return buffer.text[:4096], iter(())
    prefix = buffer.text[:match.start()]
    buffer.pos = match.end()
    return prefix, _items(buffer)


def _items(buffer: _Buffer) -> Iterator[Any]:
    while True:
        after = buffer.skip(" \t\r\n,")
        if after == "]":
            return
        if after == "":
            raise JsonProblem("truncated JSON", "the file ends before its record list is closed")
        yield buffer.decode()


def iter_values(stream: IO[str], head: str) -> Iterator[Any]:
    """Each top-level value: the items of a top-level array, or each object of JSON Lines."""
    buffer = _Buffer(stream, head)
    if buffer.skip(" \t\r\n\ufeff") == "[":
        buffer.pos += 1
        yield from _items(buffer)
        return
    while buffer.skip(" \t\r\n\ufeff") != "":
        yield buffer.decode()
