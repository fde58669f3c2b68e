"""Signal handlers of the directory (connected in ``DirectoryConfig.ready``)."""
