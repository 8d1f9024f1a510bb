"""Reminders: a digest of what is due per producer, team lead and manager, sent by e-mail."""
