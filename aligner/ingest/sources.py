"""Input files for ingest and check: paths, directories, .zip / .tar(.gz) archives, stdin.

A source is a name (what records cite as their ``source_file``) and a way to open it as
bytes. Directories are walked recursively in sorted order (hidden files skipped; files
whose suffix is not one ingest reads are reported, not read). An archive, told by its
magic bytes as well as its suffix, yields its members in archive order, named
``archive.zip!member.xml``; members are read from the archive, never extracted to disk.
"""

from __future__ import annotations

import io
import sys
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from aligner.ingest.model import Unrecognised

STDIN = "-"
PAGE_SUFFIXES = frozenset(["", ".txt", ".text", ".htm", ".html", ".xhtml", ".shtml"])
RECORD_SUFFIXES = frozenset([".xml", ".nxml", ".jats", ".tei", ".json", ".jsonl", ".ndjson"])
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".gz")
READ_SUFFIXES = PAGE_SUFFIXES | RECORD_SUFFIXES
MEMBER_SEPARATOR = "!"


@dataclass(frozen=True)
class Source:
    name: str
    open: Callable[[], IO[bytes]]


def is_archive_name(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


def is_archive(path: str) -> bool:
    """A zip or tar archive by suffix or by its first bytes (a gzip magic means tar.gz)."""
    if is_archive_name(path):
        return True
    try:
        with open(path, "rb") as stream:
            magic = stream.read(4)
    except OSError:
        return False
    return magic.startswith((b"PK\x03\x04", b"\x1f\x8b"))


def expand(paths: Iterable[str]) -> Iterator[Source | Unrecognised]:
    """Every source named by ``paths``, in order; what cannot be read is reported."""
    for path in paths:
        if path == STDIN:
            yield Source("stdin", lambda: sys.stdin.buffer)
        elif Path(path).is_dir():
            yield from _directory(path)
        elif is_archive(path):
            yield from _archive(path)
        else:
            yield Source(path, lambda path=path: open(path, "rb"))  # noqa: SIM115


def _directory(path: str) -> Iterator[Source | Unrecognised]:
    files = sorted(
        p for p in Path(path).rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )
    if not files:
        yield Unrecognised(path, "directory contains no files")
    for file in files:
        name = str(file)
        if is_archive_name(name):
            yield from _archive(name)
        elif file.suffix.lower() in READ_SUFFIXES:
            yield Source(name, lambda name=name: open(name, "rb"))  # noqa: SIM115
        else:
            yield Unrecognised(
                name,
                f"not read from the directory: '{file.suffix}' is not a text, HTML, XML, JSON "
                "or archive suffix; name the file itself to ingest it",
            )


def _archive(path: str) -> Iterator[Source | Unrecognised]:
    try:
        if zipfile.is_zipfile(path):
            yield from _zip_members(path)
        else:
            yield from _tar_members(path)
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
        yield Unrecognised(path, f"cannot read the archive ({exc})", kind="bad archive")


def _hidden(member: str) -> bool:
    return any(part.startswith((".", "__MACOSX")) for part in member.split("/"))


def _zip_members(path: str) -> Iterator[Source | Unrecognised]:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir() or _hidden(info.filename):
                continue
            yield Source(f"{path}{MEMBER_SEPARATOR}{info.filename}",
                         lambda info=info: archive.open(info))


def _tar_members(path: str) -> Iterator[Source | Unrecognised]:
    if path.lower().endswith(".gz") and not path.lower().endswith((".tar.gz", ".tgz")):
        import gzip

        yield Source(path, lambda: gzip.open(path, "rb"))  # noqa: SIM115 (one file)
        return
    with tarfile.open(path) as archive:
        for member in archive:
            if not member.isfile() or _hidden(member.name):
                continue
            yield Source(f"{path}{MEMBER_SEPARATOR}{member.name}",
                         lambda member=member: archive.extractfile(member) or io.BytesIO())


class Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read (to sniff the format) put back."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            out, self._head = self._head + self._rest.read(), b""
            return out
        if self._head:
            out, self._head = self._head[:size], self._head[size:]
            return out
        return self._rest.read(size)
