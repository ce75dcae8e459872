"""Decide: how sure we are, what matters most, the best hours and goal seek."""

from view import decide, layout

layout.setup("decide")
decide.render()
