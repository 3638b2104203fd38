"""Reader: turns an uploaded page or plain-text scrape into the article's own text and safe HTML.

Pure Python, no Django: the app calls `extract_article` at upload time and stores the result.
"""

from newsroom.reader.extraction import EXTRACTOR_VERSION, ExtractedArticle, ExtractionError, extract_article

__all__ = ["EXTRACTOR_VERSION", "ExtractedArticle", "ExtractionError", "extract_article"]
