"""Framework-free core for Chinese legal language.

Nothing under ``xiezhi.nlp`` may import Django or any Xiezhi app: it is tested,
benchmarked and reused on its own.
"""
