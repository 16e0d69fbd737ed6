"""Built-in policies (plain TOML data)."""
