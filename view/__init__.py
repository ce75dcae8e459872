"""The Streamlit skin over smm_sim: state, texts, widgets, charts and page parts."""
