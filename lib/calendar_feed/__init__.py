"""The live deadlines calendar: subscription tokens and the feed a calendar app polls."""
