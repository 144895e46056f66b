"""REST API and dashboard (`flashpoint serve`)."""
