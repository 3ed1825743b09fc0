"""Gradescope: the autograder zip (``build``), what its ``run_autograder`` does (``autograder``), the
settings it carries (``config``), finding a learner's files in an upload (``submission``) and the
``results.json`` document (``results``, also used by ``dlgrade gradebook export --format gradescope``)."""
