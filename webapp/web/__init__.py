"""The Flask layer: routes, forms, resume, headers, HTTPS and the command line.
Imports storage and the engine.
"""
