"""Deck files in and out: YAML writing, text and .apkg import, .apkg and CSV export.

One module per format; all of them report a bad input file with FormatError
and publish output through ``output.publish`` so a failure writes nothing.
"""
