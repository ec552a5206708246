"""Tests of checks/cli/: the command line and its start-up."""
