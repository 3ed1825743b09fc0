"""Imported ahead by a batch's forkserver when the batch grades Keras exercises (the Keras kind's
``preload``): TensorFlow and Keras set up exactly as the checks import them, so every grading child
forked from the server starts with them imported and no Keras task pays their import again."""
import gc

from grader.keras_rebuild import keras

keras()
# The server's objects move to the garbage collector's permanent generation: the children's collections
# never walk them, so the pages they share with the server stay shared instead of being copied.
gc.freeze()
