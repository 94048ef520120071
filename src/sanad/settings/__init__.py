"""Settings: ``base`` holds everything, read from the environment; ``test`` narrows it for the suite."""
