"""The Textual editor: article list and three-column segment editor."""
