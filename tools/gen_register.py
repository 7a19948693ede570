#!/usr/bin/env python3
"""A synthetic province's register of OCOP products (seeded, reproducible), for the examples,
the docs and the benchmark.

    python3 tools/gen_register.py                       # examples/register.csv (420 products)
    python3 tools/gen_register.py --size 100000 --out target/register-100k.csv

Every name is made up. The shares follow what provincial plans report (issue 14): most products
are 3★, "hơn 80 % sản phẩm 3 sao đạt 50 đến dưới 60 điểm", a few 5★; food products dominate.
Certificates are issued in a few council batches a year from 2021 to 2026, so a register read
at the end of 2026 holds expired, extended, valid and freshly issued certificates, under every
edition in force over those years (148/2023, 148+1489/2025, 26/2026 and, for the oldest,
1048+781/2020). Some rows state `expires` (a few of them wrongly, as registers do), `sector`,
a certificate number, or a re-evaluation filing; a handful of 3★ rows carry the council's
answers for set 1 of 26/2026, which the advisor uses.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DISTRICTS = {
    "Huyện Ngân Sơn": ["Xã Thượng Quan", "Xã Bằng Vân", "Xã Đức Vân", "Xã Vân Tùng"],
    "Huyện Chợ Đồn": ["Xã Bằng Lãng", "Xã Nam Cường", "Xã Ngọc Phái", "Thị trấn Bằng Lũng"],
    "Huyện Ba Bể": ["Xã Nam Mẫu", "Xã Khang Ninh", "Xã Cao Thượng", "Xã Hà Hiệu"],
    "Huyện Na Rì": ["Xã Kim Hỷ", "Xã Lương Thượng", "Xã Văn Lang", "Thị trấn Yến Lạc"],
    "Huyện Bạch Thông": ["Xã Cẩm Giàng", "Xã Quang Thuận", "Xã Vi Hương", "Thị trấn Phủ Thông"],
    "Thành phố Mẫu": ["Phường Đức Xuân", "Phường Sông Cầu", "Xã Dương Quang", "Xã Nông Thượng"],
}
PROVINCE = "Tỉnh Mẫu (dữ liệu tổng hợp)"

# Product sets and their weight in the register (148 / 26-2026 numbering; 1048 differs and is
# only used for the oldest certificates, with its own food sets).
SET_WEIGHTS = {1: 8, 2: 5, 3: 7, 4: 5, 5: 3, 6: 6, 7: 9, 8: 7, 9: 3, 10: 3, 11: 6, 12: 4,
               13: 2, 14: 4, 15: 2, 16: 1, 17: 3, 18: 3, 19: 1, 20: 3, 21: 4, 22: 1, 23: 1,
               24: 1, 25: 1, 26: 3}
PRODUCTS = {
    1: ["Cam sành", "Quýt vàng", "Hạt dẻ", "Rau bò khai", "Bí xanh thơm"],
    2: ["Thịt lợn đen", "Trứng gà đồi", "Cá bống", "Vịt bầu"],
    3: ["Gạo nếp vải", "Gạo Bao Thai", "Ngô nếp", "Đỗ tương"],
    4: ["Mật ong bạc hà", "Mật ong rừng", "Miến dong sơ chế"],
    5: ["Bánh cuốn", "Khâu nhục", "Xôi ngũ sắc"],
    6: ["Miến dong", "Bánh gai", "Bánh chưng đen", "Phở khô", "Bánh khảo"],
    7: ["Măng khô", "Mơ muối", "Gừng sấy", "Mứt gừng", "Tương ớt", "Nấm hương khô"],
    8: ["Lạp sườn", "Thịt trâu gác bếp", "Chả cá", "Lợn sấy"],
    9: ["Tương đậu", "Nước mắm cá", "Giấm chuối"],
    10: ["Muối ớt", "Tỏi cô đơn", "Hạt mắc khén"],
    11: ["Chè Shan tuyết", "Chè xanh", "Trà bạc hà"],
    12: ["Trà hoa vàng", "Trà giảo cổ lam", "Trà dây"],
    13: ["Cà phê bột", "Ca cao hạt"],
    14: ["Rượu ngô men lá", "Rượu nếp"],
    15: ["Rượu mơ", "Rượu táo mèo"],
    16: ["Nước khoáng", "Nước tinh khiết"],
    17: ["Nước ép cam", "Nước mơ"],
    18: ["Cao giảo cổ lam", "Viên tam thất"],
    19: ["Dầu gội bồ kết", "Xà phòng thảo mộc"],
    20: ["Tinh dầu quế", "Tinh dầu sả", "Thuốc tắm người Dao"],
    21: ["Giỏ mây tre", "Khăn thổ cẩm", "Chổi chít"],
    22: ["Áo chàm", "Vải lanh"],
    23: ["Lan hài"],
    24: ["Cây cảnh bonsai"],
    25: ["Gà Ri cảnh"],
    26: ["Homestay bản Pác Ngòi", "Điểm du lịch hồ", "Du lịch cộng đồng bản Dạo"],
}
OWNERS = ["HTX", "Công ty TNHH", "Hộ kinh doanh", "Tổ hợp tác"]
OWNER_NAMES = ["Thành Công", "Hợp Lực", "Tân Tiến", "Bản Mẫu", "Đồng Tâm", "Phúc Lộc", "An Khang",
               "Nông sản xanh", "Thảo Nguyên", "Minh Anh", "Hoà Bình", "Quyết Tiến"]

# Council batches: (issue date, share). Issue dates include a 29 February and month ends.
BATCHES = [
    ("2021-03-31", 2), ("2021-09-30", 2), ("2022-06-30", 3), ("2022-12-29", 3),
    ("2023-02-28", 2), ("2023-04-28", 4), ("2023-08-31", 5), ("2023-12-27", 6),
    ("2024-02-29", 5), ("2024-04-26", 6), ("2024-05-31", 4), ("2024-06-28", 7), ("2024-10-31", 7), ("2024-12-30", 7),
    ("2025-04-29", 8), ("2025-07-31", 8), ("2025-10-30", 8), ("2025-12-31", 7),
    ("2026-03-31", 6), ("2026-05-21", 3), ("2026-07-31", 7), ("2026-10-30", 6),
]


def add_months(d: dt.date, n: int) -> dt.date:
    """Calendar months, the day clamped to the month's end (for the register's own, sometimes
    wrong, `expires` column; the engine computes its own)."""
    t = d.year * 12 + d.month - 1 + n
    y, m = divmod(t, 12)
    m += 1
    import calendar

    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def total_text(rng: random.Random, lo: float, hi: float) -> str:
    """A council's average: a whole number or one with one or two decimals, in [lo, hi)."""
    while True:
        kind = rng.random()
        x = rng.uniform(lo, hi)
        if kind < 0.45:
            v = f"{int(x)}"
        elif kind < 0.8:
            v = f"{int(x * 2) / 2:.1f}"
        else:
            v = f"{int(x * 100) / 100:.2f}"
        if lo <= float(v) < hi:
            return v.rstrip("0").rstrip(".") if "." in v else v


def set1_answers(rng: random.Random) -> tuple[dict[str, int], int]:
    """Answers to set 1 of 26/2026 whose total is 50–59, and that total."""
    sheet = json.loads((ROOT / "ocop-core/data/26-2026/set-01.json").read_text(encoding="utf-8"))
    crit = sheet["criteria"]
    while True:
        ans = {}
        total = 0
        for c in crit:
            k = rng.randrange(len(c["options"]))
            ans[c["code"]] = k + 1
            total += c["options"][k]["points"]
        if 50 <= total < 60:
            return ans, total


def generate(size: int, seed: int) -> tuple[list[str], list[dict[str, str]]]:
    rng = random.Random(seed)
    codes = [c["code"] for c in json.loads(
        (ROOT / "ocop-core/data/26-2026/set-01.json").read_text(encoding="utf-8"))["criteria"]]
    sets = list(SET_WEIGHTS)
    weights = [SET_WEIGHTS[s] for s in sets]
    batches = [dt.date.fromisoformat(d) for d, _ in BATCHES]
    bweights = [w for _, w in BATCHES]
    rows = []
    answer_rows = max(4, size // 60)
    for i in range(size):
        district = rng.choice(list(DISTRICTS))
        commune = rng.choice(DISTRICTS[district])
        ps = rng.choices(sets, weights)[0]
        issued = rng.choices(batches, bweights)[0]
        r = rng.random()
        stars = 3 if r < 0.80 else 4 if r < 0.988 else 5
        if stars == 3:
            total = total_text(rng, 50, 60) if rng.random() < 0.82 else total_text(rng, 60, 70)
        elif stars == 4:
            total = total_text(rng, 70, 90)
        else:
            total = total_text(rng, 90, 97)
        name = rng.choice(PRODUCTS[ps])
        owner = f"{rng.choice(OWNERS)} {rng.choice(OWNER_NAMES)}"
        row = {
            "product_id": f"MAU-{i + 1:05d}",
            "product_name": f"{name} {owner.split()[-1]}",
            "owner": owner,
            "commune": commune,
            "district": district,
            "province": PROVINCE,
            "product_set": str(ps),
            "edition": "",
            "stars": str(stars),
            "total": total,
            "issued": issued.isoformat(),
            "expires": "",
            "certificate_no": "",
            "sector": "",
            "reevaluation_filed": "",
            "result_on": "",
        }
        row.update({c: "" for c in codes})
        if i < answer_rows and stars == 3:
            ans, t = set1_answers(rng)
            row.update({k: str(v) for k, v in ans.items()})
            row["product_set"] = "1"
            row["product_name"] = f"{rng.choice(PRODUCTS[1])} {owner.split()[-1]}"
            row["total"] = str(t)
            row["edition"] = ""
            if issued < dt.date(2026, 5, 22):
                issued = dt.date(2026, 7, 31)
                row["issued"] = issued.isoformat()
        if rng.random() < 0.6:
            exp = add_months(issued, 36)
            if rng.random() < 0.04:  # "3 years minus a day", as some registers write it
                exp = exp - dt.timedelta(days=1)
            row["expires"] = exp.isoformat()
        if rng.random() < 0.5:
            row["certificate_no"] = f"{rng.randint(100, 2999)}/QĐ-UBND"
        if rng.random() < 0.1:
            row["edition"] = "148/2023" if dt.date(2023, 2, 24) <= issued < dt.date(2025, 7, 6) else ""
        expiry = add_months(issued, 36)
        if dt.date(2026, 5, 22) <= expiry - dt.timedelta(days=120) and rng.random() < 0.08:
            filed = expiry - dt.timedelta(days=rng.randint(100, 179))
            if filed <= dt.date(2026, 12, 1):
                row["reevaluation_filed"] = filed.isoformat()
        rows.append(row)
    header = list(rows[0]) if rows else []
    return header, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=420)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--out", type=Path, default=ROOT / "examples" / "register.csv")
    a = ap.parse_args()
    header, rows = generate(a.size, a.seed)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with a.out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {a.out} ({len(rows)} products)")


if __name__ == "__main__":
    main()
