"""Forming pairs and groups: the bank as matching profiles, offers, consent and confirmation."""
