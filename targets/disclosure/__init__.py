"""The public disclosure (公示): an edition's content from the status on approved figures, and the static site."""
