"""Screens of the editor."""
