"""The mistake page: no_focus."""

from view.mistake_page import render

render("no_focus")
