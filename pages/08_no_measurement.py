"""The mistake page: no_measurement."""

from view.mistake_page import render

render("no_measurement")
