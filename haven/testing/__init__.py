"""Helpers for Haven's own tests that are not tests themselves (the browser harness)."""
