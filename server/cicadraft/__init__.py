"""cicadraft: language tools for bracketed negotiation drafts."""

__version__ = "0.1.0"
