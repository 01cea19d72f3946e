"""The file system: atomic writes, the vault lock, path safety and the scan of the vault."""
