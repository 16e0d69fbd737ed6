"""Trained model files (package data), built by ``socialrx train`` and read by
``socialrx.classifiers.linear``: hashed-feature weights only, no training text. See
docs/models/ for each model's card (data, licence, metrics, command)."""
