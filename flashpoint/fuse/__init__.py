"""Fusion: event mentions from many reports -> one record per real event, with every source kept."""
