"""Tools that volunteers and maintainers run: importers and the like."""
