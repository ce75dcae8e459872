"""The mistake page: too_much_time."""

from view.mistake_page import render

render("too_much_time")
