"""The mistake page: boring."""

from view.mistake_page import render

render("boring")
