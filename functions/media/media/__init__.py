"""The media context: its handlers, domain and adapters."""
