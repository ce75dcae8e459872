"""Your data: fit the model to your weekly numbers, save and load scenarios, export a report."""

from view.your_data import render

render()
