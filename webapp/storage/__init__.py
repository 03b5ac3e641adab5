"""Where answers are kept: the session store (SQLite by default, Redis with REDIS_URL).
Imports the engine, never the web layer.
"""
