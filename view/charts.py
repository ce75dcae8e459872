"""The chart builders the pages draw with: they live in the engine (:mod:`smm_sim.charts`),
so the report renders the very same charts without Streamlit."""

from smm_sim.charts import (VEGA_LITE_SCHEMA, backtest_chart, band_line_chart, band_line_spec,
                            bars_chart, curve_chart, difference_chart, fit_chart, lines_chart,
                            lines_spec, ranked_bars_chart, series_chart, series_spec,
                            tornado_chart)

__all__ = ["VEGA_LITE_SCHEMA", "backtest_chart", "band_line_chart", "band_line_spec",
           "bars_chart", "curve_chart", "difference_chart", "fit_chart", "lines_chart",
           "lines_spec", "ranked_bars_chart", "series_chart", "series_spec", "tornado_chart"]
