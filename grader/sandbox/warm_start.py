"""Imported ahead by every forkserver that forks grading children (a batch's, watch mode's): what each
worker start needs to know about this machine, worked out once in the server, so no forked child pays
it again. The allow-list is a scan of the installed distributions' file lists and bubblewrap's is a
probe run of Python in a sandbox: together about a second, which a child forked per task would
otherwise spend on every task and every check."""
from grader.sandbox import allowlist, isolation

allowlist.readable_paths()
isolation.current()  # runs bubblewrap's probe (cached) where bubblewrap is wanted
