"""tmtool: translation management for a Chinese, English and Russian news desk."""

__version__ = "0.1.0"
