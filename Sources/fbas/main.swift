print("fbas: not yet implemented")
