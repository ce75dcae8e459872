"""Join a workshop room from a phone: the participant's own answers to the self-assessment."""

from view import room

room.render("join")
