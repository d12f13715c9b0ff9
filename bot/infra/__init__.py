"""Infrastructure: database engine and migrations, conversation storage, logging, metrics, error reporting."""
