"""Write the golden numbers of tests/test_golden.py again, after a change meant to move them.

Run from the repository's folder: python -m scripts.update_golden
Then read the diff of tests/golden/ and commit it with the reason the numbers moved.
"""

from tests.test_golden import CASES, GOLDEN


def main() -> None:
    for name, (produce, _) in CASES.items():
        produce().to_csv(GOLDEN / name, index=False, float_format="%.10g")
        print(f"wrote {GOLDEN / name}")


if __name__ == "__main__":
    main()
