"""The mistake page: no_goals."""

from view.mistake_page import render

render("no_goals")
