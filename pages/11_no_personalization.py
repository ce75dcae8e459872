"""The mistake page: no_personalization."""

from view.mistake_page import render

render("no_personalization")
