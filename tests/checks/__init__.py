"""Tests of checks/: the questions (validate, robust, deadlines, regression...)."""
