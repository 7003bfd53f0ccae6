"""Intake: the doors data comes in through (Kolada dump and live API, status templates
and imports). Intake writes the tidy files that :mod:`trygghet.data` reads."""
