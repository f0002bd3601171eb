"""Storage backends behind one interface; see base.py for the contract."""
