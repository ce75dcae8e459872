"""The mistake page: silo."""

from view.mistake_page import render

render("silo")
