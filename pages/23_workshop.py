"""Workshop mode: one mistake at a time, for a projector."""

from view import workshop, layout

layout.setup("workshop")
workshop.render()
