"""The mistake page: no_roles."""

from view.mistake_page import render

render("no_roles")
