"""Learner repositories in CI: the JUnit report and job summary of ``dlgrade check --all`` (``report``) and the
GitHub Actions workflow ``dlgrade init --ci github`` adds (``github``)."""
