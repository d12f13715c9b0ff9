"""Start-up wiring and entry points: settings, dependencies, the dispatcher, polling or webhook, the command line, health endpoints."""
