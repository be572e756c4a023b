"""The shared kernel of every context, shipped as a Lambda layer: nothing in here knows a context."""
