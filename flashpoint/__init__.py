"""flashpoint: news reports about armed conflict in, a source-linked event dataset out."""

__version__ = "0.1.0"
