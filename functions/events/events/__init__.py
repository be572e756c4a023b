"""The events context: events, their lifecycle, tags and discovery."""
