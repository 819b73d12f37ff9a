"""kamkit."""
