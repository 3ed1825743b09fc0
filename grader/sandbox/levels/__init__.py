"""The isolation levels a worker can run at, one module each behind one interface (base.Level);
grader/sandbox/isolation.py chooses among them."""
