"""Exit codes of the ``convergence`` command, defined once.

* ``OK`` (0) - the command did what was asked.
* ``FAILED_RUNS`` (1) - input was fine but a simulation raised (a crashed replication, a
  sweep with failed runs); the output records which.
* ``BAD_INPUT`` (2) - a file, option or value was rejected before anything ran; the message
  names the file or option, the key and what is allowed.
* ``INTERRUPTED`` (130) - Ctrl-C; nothing incomplete is left looking complete.
* ``TERMINATED`` (143) - SIGTERM, handled like Ctrl-C.
"""

OK = 0
FAILED_RUNS = 1
BAD_INPUT = 2
INTERRUPTED = 130
TERMINATED = 143
