"""Quiz core for 高标手册: load, model, validate and render quiz data (no MkDocs import)."""
