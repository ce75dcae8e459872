"""Self-assessment: the questionnaire and the scenario its answers imply."""

from view import assessment, layout

layout.setup("assessment")
assessment.render()
