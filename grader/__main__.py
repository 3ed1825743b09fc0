"""`python -m grader` runs the dlgrade command."""
from grader.cli import main

main()
