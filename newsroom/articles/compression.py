"""Compressed uploads (.html.gz, Content-Encoding: gzip/deflate): decompressed in a stream with a hard output limit.

A bomb (1 GB of zeros in 1 MB of gzip) is refused after reading one byte past the limit, never in full.
"""

import zlib

# Read the compressed input in pieces this size, and never ask zlib for more than the remaining allowance.
_CHUNK = 64 * 1024


class CompressedUploadRejected(Exception):
    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


def is_compressed_name(filename: str) -> bool:
    return filename.lower().endswith((".gz", ".gzip"))


def decompress_upload(data: bytes, filename: str, *, limit: int, encoding: str = "gzip") -> bytes:
    """The decompressed bytes, at most `limit` of them; CompressedUploadRejected for a bomb or a broken file."""
    # wbits: 16+15 reads gzip, -15 raw deflate, 15 zlib-wrapped deflate (what "deflate" usually means).
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS, "raw-deflate": -zlib.MAX_WBITS}[encoding]
    if encoding == "deflate" and data[:1] != b"\x78":
        wbits = -zlib.MAX_WBITS  # servers and tools often send raw deflate under that name
    decompressor = zlib.decompressobj(wbits)
    out = bytearray()
    try:
        for start in range(0, len(data), _CHUNK):
            piece = data[start:start + _CHUNK]
            while piece:
                out += decompressor.decompress(piece, limit + 1 - len(out))
                if len(out) > limit:
                    raise _too_large(filename, limit)
                piece = decompressor.unconsumed_tail
            if decompressor.eof:
                break
        out += decompressor.flush(limit + 1 - len(out)) if not decompressor.eof else b""
    except zlib.error as error:
        raise CompressedUploadRejected("bad_compression", f"{filename or 'The file'} is not valid {encoding} data ({error}).") from None
    if len(out) > limit:
        raise _too_large(filename, limit)
    if not decompressor.eof:
        raise CompressedUploadRejected("bad_compression", f"{filename or 'The file'} is cut short: the compressed data ends early.")
    return bytes(out)


def _too_large(filename: str, limit: int) -> CompressedUploadRejected:
    return CompressedUploadRejected(
        "too_large_decompressed",
        f"{filename or 'The file'} decompresses to more than {limit // 1_048_576} MB, the limit per article "
        "(NEWSROOM_MAX_UPLOAD_BYTES); it was not unpacked further.",
    )
