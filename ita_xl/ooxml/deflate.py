"""Deflate segments: pieces of one zip entry compressed apart (each in the worker that made it)
and joined without compressing again, as pigz joins its blocks.

A segment is raw deflate ended by a sync flush, so it stops on a byte boundary and no block of
it is the last; segments laid end to end and closed by ``FINAL_BLOCK`` are one deflate stream
(RFC 1951). The entry's CRC-32 is joined from the segments' own (zlib's ``crc32_combine``,
which Python's ``zlib`` does not offer): each segment carries the factor x^(8·size) mod P, so
joining costs one carry-less multiplication a segment instead of reading the bytes again.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

FINAL_BLOCK = b"\x03\x00"
"""An empty final block with fixed codes: the end of a stream of joined segments."""

_POLY = 0xEDB88320  # CRC-32 (ISO-HDLC), reflected, as zlib and zip use it


def _times_x(b: int) -> int:
    """b·x modulo the CRC polynomial (reflected: the low bit is the highest power)."""
    return (b >> 1) ^ _POLY if b & 1 else b >> 1


def _times_x4_table() -> tuple[int, ...]:
    table = []
    for low in range(16):
        for _ in range(4):
            low = _times_x(low)
        table.append(low)
    return tuple(table)


_TIMES_X4 = _times_x4_table()
"""p·x^4 = (p >> 4) ^ _TIMES_X4[p & 15]: the four powers that overflow, reduced."""


def _multiply(a: int, b: int) -> int:
    """a·b modulo the CRC polynomial, both reflected (zlib's ``multmodp``), four bits of ``a``
    at a time by Horner's rule, the highest powers (the lowest bits) first: twice as quick in
    Python as zlib's bit by bit, and a re-run joins two CRCs a return."""
    b1 = _times_x(b)
    b2 = _times_x(b1)
    b3 = _times_x(b2)
    # each four bits of a, from x^0 (bit 3) to x^3 (bit 0), times b
    low = (0, b3, b2, b2 ^ b3, b1, b1 ^ b3, b1 ^ b2, b1 ^ b2 ^ b3)
    times = (*low, *(b ^ x for x in low))
    product = 0
    for shift in (0, 4, 8, 12, 16, 20, 24, 28):
        product = (product >> 4) ^ _TIMES_X4[product & 15] ^ times[(a >> shift) & 15]
    return product


_ONE = 1 << 31  # x^0, reflected


@dataclass(frozen=True)
class Segment:
    """Raw deflate of ``size`` bytes whose CRC-32 is ``crc``, ready to be joined."""

    data: bytes
    crc: int
    size: int
    shift: int
    """x^(8·size) mod P, for ``joined_crc``."""

    def __reduce__(self) -> tuple[type[Segment], tuple[bytes, int, int, int]]:
        return Segment, (self.data, self.crc, self.size, self.shift)  # quicker to load

    def inflated(self) -> bytes:
        return zlib.decompressobj(-15).decompress(self.data)


EMPTY = Segment(b"", 0, 0, _ONE)


def segment(data: bytes, level: int = 1) -> Segment:
    """``data`` as a segment. Level 1 suits the megabyte batches the summary compresses
    itself; a worker compresses its return's rows at 6, since each return's rows are
    compressed apart from the others' and would otherwise make the summary larger."""
    if not data:
        return EMPTY
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)
    crc = zlib.crc32(data)
    # a CRC is affine in its start value: the bytes' CRC from x^0 and from 0 differ by x^0
    # moved past them, which is the factor itself (one more pass of zlib's C over the bytes)
    return Segment(packed, crc, len(data), zlib.crc32(data, _ONE) ^ crc)


def joined_crc(segments: Iterable[Segment], crc: int = 0) -> int:
    """The CRC-32 of the segments' bytes end to end (after bytes whose CRC is ``crc``), from
    their own CRCs."""
    for piece in segments:
        if piece.size:
            crc = _multiply(piece.shift, crc) ^ piece.crc
    return crc
