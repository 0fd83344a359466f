"""`python -m textmine …` is the same as the `textmine` command."""
from .cli import main

if __name__ == "__main__":
    main(prog_name="textmine")
