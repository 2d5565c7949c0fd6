"""Names of languages as the editor shows them."""

LANGUAGE_NAMES = {"zh": "中文", "en": "English", "ru": "Русский"}


def language_name(lang: str) -> str:
    """The language's own name, or its code."""
    return LANGUAGE_NAMES.get(lang, lang)
