"""sim keeps no models of its own: the clock and the outbox it shows are certlink's core (certlink.models)."""
