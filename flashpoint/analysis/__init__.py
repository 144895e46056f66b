"""Analysis of the event store: dyad series, reciprocity, Hawkes processes, forecasts."""
