"""Sanad: the information system of a national anti-trafficking commission."""
