"""Compare: up to four scenarios side by side."""

from view import compare, layout

layout.setup("compare")
compare.render()
