"""Turning uploaded bytes into text: encodings, and files that are not text at all."""

import pytest

from newsroom.reader import ExtractionError, extract_article
from newsroom.reader.decoding import MAX_INPUT_BYTES, decode_bytes

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"


def test_it_reads_utf8_with_a_byte_order_mark():
    decoded = decode_bytes("Café crème".encode("utf-8-sig"))
    assert decoded.text == "Café crème"
    assert decoded.encoding == "utf-8"


def test_it_follows_the_http_charset():
    decoded = decode_bytes("Ça coûte 5 €".encode("cp1252"), content_type="text/plain; charset=windows-1252")
    assert decoded.text == "Ça coûte 5 €"


def test_it_follows_the_meta_charset_of_a_page():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Déjà vu</p></body></html>'
    decoded = decode_bytes(page.encode("latin-1"))
    assert "Déjà vu" in decoded.text
    assert decoded.encoding == "cp1252"


def test_it_recognises_windows_1252_without_any_declared_charset():
    text = "Le président a déclaré « c’est un été très chaud » après la réunion de l’équipe. " * 5
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text


def test_it_reads_utf16_with_a_byte_order_mark():
    assert decode_bytes("Grüße aus Köln".encode("utf-16")).text == "Grüße aus Köln"


def test_it_rejects_an_empty_file():
    with pytest.raises(ExtractionError) as error:
        decode_bytes(b"  \n\t ")
    assert error.value.code == "empty"


def test_it_rejects_a_png_renamed_html_with_a_readable_reason():
    with pytest.raises(ExtractionError) as error:
        extract_article(PNG_HEADER + bytes(range(256)) * 4, filename="story.html")
    assert error.value.code == "binary"
    assert "PNG image" in error.value.reason


def test_it_rejects_nul_byte_garbage():
    with pytest.raises(ExtractionError) as error:
        decode_bytes(b"some text\x00\x00\x00\x01\x02" * 200)
    assert error.value.code in ("nul_bytes", "binary")


def test_it_drops_a_few_stray_nul_bytes_from_real_text():
    decoded = decode_bytes(b"The council met on Tuesday.\x00 It voted to close the bridge." * 20)
    assert "\x00" not in decoded.text
    assert "It voted to close the bridge." in decoded.text


def test_it_rejects_files_over_the_size_limit():
    with pytest.raises(ExtractionError) as error:
        extract_article(b"a" * (MAX_INPUT_BYTES + 1))
    assert error.value.code == "too_large"
    assert "MB" in error.value.reason
