"""The one error the reader raises: a machine-readable code and a sentence an editor can read."""


class ExtractionError(Exception):
    """Raised when an upload cannot become an article; `code` is for programs, `reason` for people.

    Codes: "empty", "binary", "nul_bytes", "too_large", "undecodable", "no_article".
    """

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason

    def __repr__(self) -> str:
        return f"ExtractionError(code={self.code!r}, reason={self.reason!r})"
