"""Unpack one member of an untrusted zip (an Anki package) safely.

A member is checked before it is unpacked (its declared size) and while it is
(the bytes actually written), so a zip bomb stops at the limit instead of
filling the disk. The scratch folder goes away on every exit, SIGTERM included.
"""

from __future__ import annotations

import lzma
import signal
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import IO, Any

import zstandard

from peerquiz.core.formats.output import FormatError

Handler = Callable[[int, FrameType | None], Any] | int | None  # what signal.signal takes and returns
CHUNK = 1024 * 1024
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
MAX_MEMBERS = 100_000  # media files included; zipfile holds every member's entry in memory
_END = b"PK\x05\x06"  # end of central directory record
_ZIP64_END = b"PK\x06\x06"


@contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A temporary folder, removed when the block ends, even when SIGTERM ends the process."""
    previous = _exit_on_sigterm()
    try:
        with tempfile.TemporaryDirectory(prefix=prefix) as folder:
            yield Path(folder)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm() -> Handler:
    """Turn SIGTERM into SystemExit so `finally` blocks run; only the main thread may set handlers."""

    def leave(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, leave)
    except ValueError:  # not the main thread: the caller's own handling stays
        return None
    return previous if previous is not None else signal.SIG_DFL


def check_member_count(path: Path) -> None:
    """Refuse a zip listing more than MAX_MEMBERS members, from its end record, before zipfile reads the list."""
    with path.open("rb") as opened:
        opened.seek(0, 2)
        size = opened.tell()
        opened.seek(max(0, size - 66_000))  # the end record and a comment of at most 64 KiB
        tail = opened.read()
    end = tail.rfind(_END)
    if end < 0 or len(tail) < end + 22:
        return  # not a zip: zipfile says so in its own words
    count = struct.unpack_from("<H", tail, end + 10)[0]
    zip64 = tail.rfind(_ZIP64_END, 0, end)
    if count == 0xFFFF and zip64 >= 0 and len(tail) >= zip64 + 40:
        count = struct.unpack_from("<Q", tail, zip64 + 32)[0]
    if count > MAX_MEMBERS:
        raise FormatError(f"the package lists {count:,} files, more than {MAX_MEMBERS:,}")


def unpack_member(package: zipfile.ZipFile, name: str, target: Path, limit: int) -> None:
    """Write member ``name`` to ``target``, zstd-decompressed if it is; FormatError if bigger than ``limit``."""
    info = package.getinfo(name)
    if info.file_size > limit:
        raise FormatError(f"{name} is larger than {limit // 1024 // 1024} MB unpacked")
    try:
        with package.open(info) as packed:
            compressed = packed.read(len(ZSTD_MAGIC)) == ZSTD_MAGIC
        with package.open(info) as packed, target.open("wb") as out:
            stream: IO[bytes] = (
                zstandard.ZstdDecompressor().stream_reader(packed, read_across_frames=True) if compressed else packed
            )
            _copy(stream, out, name, limit)
    except NotImplementedError:
        raise FormatError(f"{name} uses a compression method this program cannot read") from None
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        raise FormatError(f"{name} cannot be read ({exc})") from None
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, zstandard.ZstdError, EOFError) as exc:
        raise FormatError(f"{name} is damaged ({exc or 'cut short'})") from None


def _copy(stream: IO[bytes], out: IO[bytes], name: str, limit: int) -> None:
    """Copy in chunks, stopping as soon as more than ``limit`` bytes came out: the declared size may lie."""
    written = 0
    while chunk := stream.read(CHUNK):
        written += len(chunk)
        if written > limit:
            raise FormatError(f"{name} is larger than {limit // 1024 // 1024} MB unpacked")
        out.write(chunk)
