"""Pretend service clients used by the example flows (plain Python, no tracing)."""
