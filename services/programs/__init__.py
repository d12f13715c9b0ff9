"""The personalized mentoring program of a pair: drafted, agreed, submitted, approved."""
