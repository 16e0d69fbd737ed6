"""The network edge: the only package that speaks to other hosts (connectors, notifications)."""
