"""Rendering: texts and keyboards built from locale strings and domain objects."""
