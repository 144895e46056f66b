"""Actors, places, event types and other reference data, shipped as files with loaders."""
