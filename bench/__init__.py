"""``make bench``: how Before the Visit holds up under many patients, against Flask's ceiling."""
