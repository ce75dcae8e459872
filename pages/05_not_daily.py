"""The mistake page: not_daily."""

from view.mistake_page import render

render("not_daily")
