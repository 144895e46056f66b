"""The input formats `flashpoint ingest --format` accepts (a module of its own: the CLI reads it at startup)."""

FORMATS = ("auto", "html", "text", "jsonl", "feed")
