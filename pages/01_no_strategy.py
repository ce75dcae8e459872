"""The mistake page: no_strategy."""

from view.mistake_page import render

render("no_strategy")
