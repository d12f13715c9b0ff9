"""The staff roster a curator uploads: parsing, invite links, who joined."""
