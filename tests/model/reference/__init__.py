"""Tests of model/reference/, the plain-Python reading beside the Z3 model."""
