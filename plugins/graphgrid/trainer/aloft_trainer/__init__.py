"""Aloft's NLP trainer: trains GraphGrid NLP models on SDK jsonl datasets with the standard library only.

Run it as ``python3 -m aloft_trainer train|eval ...``; see ``cli.py`` for the options.
"""

FORMAT = "aloft-trainer/1"
