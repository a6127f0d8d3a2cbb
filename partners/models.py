"""Partner organisations, MCID links, credits and designations: the Partner Center issue fills this app (PC-*)."""
