"""summarizer: clinical-trial registry records in, checked plain-language pages out."""

__version__ = "0.1.0"
