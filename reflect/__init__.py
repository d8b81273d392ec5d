"""reflect: a calm end-of-shift reflection journal for support agents."""

__version__ = "0.1.0"
