"""The mistake page: inconsistent."""

from view.mistake_page import render

render("inconsistent")
