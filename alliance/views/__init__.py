"""Views of the alliance app, one module per area: home, agenda, partners, people."""
