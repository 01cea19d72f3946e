"""The due list: who to reach out to and why, Due.md's format, harvesting ticks, the digest."""
