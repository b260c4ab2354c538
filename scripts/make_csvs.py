#!/usr/bin/env python3
"""Writes the shipped example CSVs (seeded, standard library only):

data/churn.csv   2,000 bank customers; exited (0/1) follows a nonlinear rule plus noise (about 91% is attainable).
data/salary.csv  500 employees; salary is linear in age, experience and education plus noise (R^2 about 0.96).
data/new_customers.csv  10 more customers drawn by the same rule, without the exited column: rows to predict.

Run from the repository root: python3 scripts/make_csvs.py
"""
import csv
import math
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def churn(rng, n=2000):
    rows, bayes = [], 0.0
    for i in range(n):
        country = rng.choices(["France", "Spain", "Germany"], weights=[50, 25, 25])[0]
        gender = rng.choice(["Female", "Male"])
        age = int(min(90, max(18, rng.gauss(40, 11))))
        tenure = rng.randint(0, 10)
        balance = 0.0 if rng.random() < 0.35 else round(rng.gauss(120000, 30000), 2)
        products = rng.choices([1, 2, 3, 4], weights=[50, 45, 4, 1])[0]
        has_card = int(rng.random() < 0.7)
        active = int(rng.random() < 0.5)
        salary = round(rng.uniform(10000, 200000), 2)
        credit = int(min(850, max(350, rng.gauss(650, 95))))
        # Nonlinear rule: churn peaks in middle age, explodes with 3-4 products, drops with 2; inactive and German
        # customers with a balance leave more often.
        z = -2.6
        z += 4.0 * math.exp(-((age - 52) / 9.0) ** 2)
        z += {1: 0.4, 2: -1.8, 3: 3.0, 4: 4.0}[products]
        z += 1.3 * (1 - active)
        z += 1.0 if (country == "Germany" and balance > 0) else 0.0
        z += 0.4 if gender == "Female" else 0.0
        z -= 0.004 * (credit - 650) if credit < 450 else 0.0
        p = sigmoid(2.2 * z)
        bayes += max(p, 1 - p)
        exited = int(rng.random() < p)
        rows.append([f"C{100000 + i * 7 + rng.randint(0, 6)}", credit, country, gender, age, tenure, balance,
                     products, has_card, active, salary, exited])
    header = ["customer_id", "credit_score", "country", "gender", "age", "tenure", "balance", "products",
              "has_card", "active", "salary", "exited"]
    return header, rows, f"attainable accuracy ~{bayes / n:.3f}, churn rate {sum(r[-1] for r in rows) / n:.3f}"


def salary(rng, n=500):
    rows, preds = [], []
    for _ in range(n):
        education = rng.choices(["bachelor", "master", "phd"], weights=[50, 35, 15])[0]
        start = {"bachelor": 22, "master": 24, "phd": 28}[education]
        age = rng.randint(start, 65)
        experience = max(0, min(age - start, int(round(rng.gauss((age - start) * 0.85, 2)))))
        mean = 28000 + 2200 * experience + 150 * age + {"bachelor": 0, "master": 9000, "phd": 18000}[education]
        value = mean + rng.gauss(0, 5000)
        rows.append([age, experience, education, round(value, 2)])
        preds.append(mean)
    ys = [r[-1] for r in rows]
    mean_y = sum(ys) / n
    ss_tot = sum((y - mean_y) ** 2 for y in ys)
    ss_res = sum((y - p) ** 2 for y, p in zip(ys, preds))
    return ["age", "experience", "education", "salary"], rows, f"R^2 of the true rule {1 - ss_res / ss_tot:.3f}"


def write(name, header, rows, note):
    path = os.path.join(ROOT, name)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"{os.path.normpath(path)}: {len(rows)} rows, {os.path.getsize(path)} bytes; {note}")


def main():
    os.makedirs(ROOT, exist_ok=True)
    write("churn.csv", *churn(random.Random(42)))
    write("salary.csv", *salary(random.Random(7)))
    header, rows, _ = churn(random.Random(2026), n=10)
    write("new_customers.csv", header[:-1], [["N" + r[0][1:]] + r[1:-1] for r in rows], "exited left out: to predict")


if __name__ == "__main__":
    main()
