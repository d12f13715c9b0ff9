"""Parents' consent for pupils who are minors."""
