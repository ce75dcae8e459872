"""Your data: fit the model to your weekly numbers, save and load scenarios, export a report."""

from view import layout, your_data

layout.setup("your_data")
your_data.render()
