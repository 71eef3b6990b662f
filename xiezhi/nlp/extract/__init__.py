"""Element extraction from Chinese legal text (amounts, dates, parties, sentencing circumstances).

Framework-free: nothing here imports Django or an app.
"""
