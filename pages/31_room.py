"""A workshop room on the projector: the facilitator's live view of the room's answers."""

from view import room

room.render("room")
