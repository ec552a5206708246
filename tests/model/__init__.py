"""Tests of model/: one module per module it tests (the reference evaluator in reference/)."""
