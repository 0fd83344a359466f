"""textmine: text mining and composite-index engine for the China City Ecological
Asset Management Index (CEMI)."""

__version__ = "0.1.0"
