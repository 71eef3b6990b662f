"""Element extraction from Chinese legal text (amounts, dates, parties, sentencing circumstances).

Framework-free: nothing here imports Django or an app.
"""

from .elements import ELEMENT_TYPES, Element, extract_elements

__all__ = ["ELEMENT_TYPES", "Element", "extract_elements"]
