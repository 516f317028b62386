"""Fault tests: real processes, real signals, damaged files; what the program does about each."""
