"""Presentation: Swedish text, charts, tables and the parts of each page."""
