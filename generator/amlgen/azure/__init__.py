"""Facts about Azure: tables with their sources, resource IDs, naming rules and pinned API versions."""
