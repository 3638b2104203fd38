"""Turning uploaded bytes into text: refusing binary files, then finding the encoding.

Order of trust: byte-order mark, the HTTP charset, a <meta charset> in the page, strict UTF-8, then charset-normalizer.
"""

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from newsroom.reader.errors import ExtractionError

# 15 MB: the largest real article pages in the benchmark are under 2 MB; beyond this size parsing
# time grows without any article getting longer, so the upload is refused with a clear reason.
MAX_INPUT_BYTES = 15 * 1024 * 1024

# Magic numbers of the binary formats editors are likely to upload by mistake.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
    (b"OggS", "an Ogg audio or video file"),
    (b"ID3", "an MP3 audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)

# WHATWG encoding standard: browsers decode these labels as windows-1252, and so do pages' authors.
_BROWSER_ALIASES = {"iso-8859-1": "windows-1252", "latin-1": "windows-1252", "latin1": "windows-1252",
                    "ascii": "windows-1252", "us-ascii": "windows-1252", "iso-8859-9": "windows-1254",
                    "gb2312": "gb18030", "gbk": "gb18030", "x-sjis": "shift_jis"}


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f]")
# Also vertical tab and DEL: XML-based parsers reject them too.
_STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# The same characters as bytes: they encode to themselves in UTF-8, so deleting them from the
# encoded text (bytes.translate, in C) tells whether there are any, 2.5x faster than a regex search.
_STRAY_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def describe_binary(data: bytes) -> str | None:
    """Name the binary format the bytes start with, or None when they may be text."""
    head = data[:16]
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            return name
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    if data[4:8] == b"ftyp":
        return "an MP4 or QuickTime video"
    return None


def _normalise_label(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _BROWSER_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _try_decode(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, content_type: str = "") -> DecodedText:
    """Decode an upload or raise ExtractionError ("empty", "too_large", "binary", "nul_bytes", "undecodable")."""
    if len(data) > MAX_INPUT_BYTES:
        raise ExtractionError(
            "too_large",
            f"The file is {len(data) / 1_048_576:.1f} MB; the reader accepts files up to "
            f"{MAX_INPUT_BYTES // 1_048_576} MB.",
        )
    if not data.strip():
        raise ExtractionError("empty", "The file is empty: there is no text to read.")
    kind = describe_binary(data)
    if kind:
        raise ExtractionError("binary", f"The file looks like {kind}, not an HTML page or text.")

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try_decode(data[len(bom):], encoding)
            if text is not None:
                return _checked(text, encoding)

    # NUL bytes without a UTF-16/32 byte-order mark: UTF-16 text without a BOM shows NULs in every
    # other byte, anything else with many NULs is binary.
    # (`in` is a memchr: far cheaper than counting on the usual page, which has none.)
    nul_count = data.count(b"\x00") if b"\x00" in data else 0
    if nul_count:
        for encoding in ("utf-16-le", "utf-16-be"):
            offset = 1 if encoding == "utf-16-le" else 0
            if data[offset::2].count(b"\x00") > 0.9 * (len(data) // 2) and len(data) % 2 == 0:
                text = _try_decode(data, encoding)
                if text is not None:
                    return _checked(text, encoding)
        # A few stray NULs (a truncated copy, a bad export) are dropped; more than 2% is not text.
        if nul_count > max(8, len(data) // 50):
            raise ExtractionError(
                "nul_bytes",
                "The file contains many NUL bytes, so it is binary data rather than an HTML page or text.",
            )
        data = data.replace(b"\x00", b"")

    declared = [_normalise_label(m.group(1)) for m in [_HTTP_CHARSET.search(content_type or "")] if m]
    meta = _META_CHARSET.search(data[:8192])
    if meta:
        declared.append(_normalise_label(meta.group(1).decode("ascii", "ignore")))
    for encoding in declared:
        # A declared UTF-16 on bytes that reached here (no BOM, no NULs) is a copy-paste mistake.
        if encoding and not encoding.startswith("utf-16") and not encoding.startswith("utf-32"):
            text = _try_decode(data, encoding)
            if text is not None:
                return _checked(text, encoding, utf8=data if encoding == "utf-8" else None)

    text = _try_decode(data, "utf-8")
    if text is not None:
        return _checked(text, "utf-8", utf8=data)

    matches = charset_normalizer.from_bytes(data[:200_000])
    best = matches.best()
    if best is not None:
        encoding = _normalise_label(best.encoding) or best.encoding
        # Single-byte guesses tie often (cp1250 and cp1252 read most French text equally well);
        # windows-1252 is what Western pages without a charset overwhelmingly use, so it wins ties.
        for match in matches:
            if "cp1252" in (match.could_be_from_charset or []) and match.chaos <= best.chaos + 0.01:
                encoding = "cp1252"
                break
        text = _try_decode(data, encoding)
        if text is not None:
            return _checked(text, encoding)
    # windows-1252 decodes almost any byte; the replacement characters show where it did not.
    return _checked(data.decode("windows-1252", errors="replace"), "windows-1252")


def _checked(text: str, encoding: str, utf8: bytes | None = None) -> DecodedText:
    """`text` checked and cleaned; `utf8`: the bytes it was strictly decoded from as UTF-8, NULs
    already removed. Those bytes are its exact UTF-8 form (a strict decode round-trips), so the
    control-character check reads them instead of encoding the text again."""
    if utf8 is None:
        text = text.replace("\x00", "")
    if not text.strip():
        raise ExtractionError("empty", "The file is empty: there is no text to read.")
    encoded = utf8 if utf8 is not None else text.encode("utf-8", "surrogatepass")
    # Every control character counted below is also a stray one: text with no stray control
    # (nearly every page) needs no count.
    has_strays = len(encoded.translate(None, _STRAY_CONTROL_BYTES)) != len(encoded)
    if has_strays:
        # Control characters other than whitespace in quantity mean the bytes were not text at all.
        controls = len(_CONTROL_CHARACTERS.findall(text, 0, 20_000))
        if controls > max(16, len(text[:20_000]) // 50):
            raise ExtractionError("binary", "The file looks like binary data, not an HTML page or text.")
    if text.count("\ufffd") > max(16, len(text) // 20):
        raise ExtractionError("undecodable", f"The file could not be decoded as text (tried {encoding}).")
    if has_strays:
        # A few stray controls stay text, but not as they are: libxml2 stops parsing at the first
        # one (a single \x01 lost a whole page), and no reader wants to see them.
        text = _STRAY_CONTROLS.sub("", text)
    return DecodedText(text=text, encoding=encoding)
