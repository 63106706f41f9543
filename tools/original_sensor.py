#!/usr/bin/env python3
"""An independent check of ClassicModel: the original system's sensor, re-typed from its write-up
(ORIGINAL.md §1-2) on numpy's legacy RandomState, compared with a CSV in the original format.

    ./sensors generate --model classic --from 2024-01-01 --to 2025-01-01 --format original-csv --out /tmp/c.csv
    python3 tools/original_sensor.py /tmp/c.csv

Prints the rows compared and the mismatches (the first few in full) and exits 1 on any mismatch.
"""
import csv
import sys
from datetime import date, datetime

import numpy as np

# The original network: name -> (sensors, opening year); k = 2024 - year + 1.
NETWORK = {"Madrid": (1, 2024), "Paris": (20, 2018), "Berlin": (6, 2022), "Roma": (4, 2019), "London": (8, 2014)}


def original_count(store: str, sensor_id: int, dt: datetime) -> int:
    n, year = NETWORK[store]
    k = 2024 - year + 1
    opening = datetime(year, 1, 1, 0)
    if dt <= opening:  # the original API's "not open yet", the opening hour included
        return -2
    avg, std = k * 1000, k * 150
    p_anom, p_fail = k * 0.01, k * 0.001
    rng = np.random.RandomState(opening.toordinal() + dt.toordinal() + dt.hour + sensor_id)
    if rng.random() <= p_fail:
        return -1
    if dt.weekday() == 6 or dt.hour < 8 or dt.hour >= 18:
        return 0
    visits = rng.normal(avg, std)
    visits = rng.normal(avg, std)
    if rng.random() < p_anom:
        visits *= 0.1
    return int(visits)


def main(path: str) -> int:
    compared = mismatches = 0
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if "NULL" in row.values():
                continue
            d = date.fromisoformat(row["date"])
            dt = datetime(d.year, d.month, d.day, int(row["hour"]))
            expected = original_count(row["shop"], int(row["sensor_id"]), dt)
            compared += 1
            if expected != int(row["count"]):
                mismatches += 1
                if mismatches <= 5:
                    print("mismatch:", row, "expected", expected)
    print(f"{compared} rows compared, {mismatches} mismatches")
    return 1 if mismatches or not compared else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
