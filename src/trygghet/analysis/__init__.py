"""Analysis: figures computed from the data, returned as values and DataFrames."""
