"""The network: the one definition of a contact, the model, name resolution, the Vault facade."""
