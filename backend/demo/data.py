"""Generate the synthetic demo data set: plain records, the same on every run.

Everything here is invented and labelled "(نمونه)" / "(demo)". The places are
laid out around Qazvin so the maps look familiar, but no record describes a
real neighbourhood, partner or person.
"""

import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from shapely.geometry import Point, Polygon

CENTRE = (50.0041, 36.2688)  # lon, lat of Qazvin
SEED = 1405
NAMESPACE = uuid.UUID("6f1b4a56-0c8e-4d0e-9a57-6d61a1e1d405")
DEMO_LABEL_FA = " (نمونه)"
DEMO_LABEL_EN = " (demo)"

NEIGHBORHOOD_NAMES = [
    ("کوی لاله", "Laleh"), ("کوی نرگس", "Narges"), ("کوی یاس", "Yas"),
    ("کوی سرو", "Sarv"), ("کوی چنار", "Chenar"), ("کوی اقاقیا", "Aghaghia"),
    ("کوی شقایق", "Shaghayegh"), ("کوی نسترن", "Nastaran"), ("کوی بنفشه", "Banafsheh"),
    ("کوی سوسن", "Susan"), ("کوی مریم", "Maryam"), ("کوی ارغوان", "Arghavan"),
    ("کوی صنوبر", "Sanobar"), ("کوی کاج", "Kaj"), ("کوی بید", "Bid"),
    ("کوی نارون", "Narvan"), ("کوی زیتون", "Zeytun"), ("کوی انار", "Anar"),
    ("کوی انجیر", "Anjir"), ("کوی گردو", "Gerdu"), ("کوی بادام", "Badam"),
    ("کوی پسته", "Pesteh"), ("کوی سیب", "Sib"), ("کوی به", "Beh"),
]  # fmt: skip
PARTNER_NAMES = {
    "mosque": ["مسجد امام علی", "مسجد جامع محله", "مسجد النبی", "مسجد امام حسن", "مسجد فاطمیه", "مسجد ولیعصر"],
    "hosseiniyeh": ["حسینیه اعظم", "حسینیه ثارالله", "حسینیه قمر بنی‌هاشم", "حسینیه زینبیه", "حسینیه شهدا", "حسینیه ابوالفضل"],
    "jihadi_group": ["گروه جهادی شهید باکری", "گروه جهادی امید", "گروه جهادی مهر", "گروه جهادی همدلی", "گروه جهادی یاوران", "گروه جهادی نور"],
    "ngo": ["انجمن حامیان کودک", "سمن توانمندسازی زنان", "انجمن سلامت محله", "سمن آموزش برای همه", "انجمن حمایت از معلولان", "سمن محیط زیست شهری"],
    "charity": ["خیریه امام رضا", "خیریه مهر و ماه", "خیریه نیکوکاران", "صندوق قرض‌الحسنه محله", "خیریه کوثر", "خیریه رحمت"],
    "activist": ["فعال محلی: آقای رضایی", "فعال محلی: خانم کریمی", "فعال محلی: آقای احمدی", "فعال محلی: خانم موسوی", "فعال محلی: آقای حسینی", "فعال محلی: خانم رحیمی"],
    "health_centre": ["خانه بهداشت شماره ۱", "مرکز سلامت جامعه ۲", "پایگاه سلامت ۳", "خانه بهداشت شماره ۴", "مرکز سلامت جامعه ۵", "پایگاه سلامت ۶"],
    "school": ["دبستان امید", "دبستان فردوسی", "مدرسه سعدی", "دبستان حافظ", "مدرسه پروین", "دبستان مولوی"],
}  # fmt: skip
KIND_SERVICES = {
    "mosque": ["food", "counselling", "cash_aid"],
    "hosseiniyeh": ["food", "cash_aid"],
    "jihadi_group": ["housing_repair", "health", "education"],
    "ngo": ["child_support", "education", "legal_aid", "employment"],
    "charity": ["cash_aid", "food", "housing_repair"],
    "activist": ["counselling", "employment"],
    "health_centre": ["health", "addiction_support"],
    "school": ["education", "child_support"],
}
LIAISON_NAMES = ["حجت‌الاسلام محمدی", "حجت‌الاسلام کاظمی", "حجت‌الاسلام نوری", "حجت‌الاسلام صادقی",
                 "حجت‌الاسلام جعفری", "حجت‌الاسلام طاهری", "حجت‌الاسلام رستمی", "حجت‌الاسلام باقری",
                 "حجت‌الاسلام عباسی", "حجت‌الاسلام هاشمی", "حجت‌الاسلام زمانی", "حجت‌الاسلام یوسفی"]  # fmt: skip
COUNTY = "قزوین"  # the demo's county and city


@dataclass
class DemoNeighborhood:
    code: str
    name: str
    name_en: str
    polygon: Polygon
    population: int
    households: int
    settlement_type: str
    need: float  # 0..1, drives how deprived its synthetic visits look


@dataclass
class DemoPartner:
    ref: str
    kind: str
    name: str
    lon: float
    lat: float
    services: list[str]
    capacity: int
    phone: str
    contact_name: str
    is_active: bool


@dataclass
class DemoLiaison:
    ref: str
    name: str
    mosque_ref: str
    neighborhood_codes: list[str]
    phone: str


@dataclass
class DemoVisit:
    client_uuid: uuid.UUID
    lon: float
    lat: float
    accuracy: float
    days_ago: float
    answers: dict[str, object] = field(default_factory=dict)


@dataclass
class DemoData:
    neighborhoods: list[DemoNeighborhood]
    partners: list[DemoPartner]
    liaisons: list[DemoLiaison]
    visits: list[DemoVisit]


UNVISITED = 2


def generate(visits_per_neighborhood: int = 10, outside_visits: int = 8) -> DemoData:
    """Return the demo data set; the same on every call."""
    rng = random.Random(SEED)
    neighborhoods = _neighborhoods(rng)
    partners = _partners(rng, neighborhoods)
    mosques = [p for p in partners if p.kind == "mosque"]
    liaisons = [
        DemoLiaison(
            ref=f"DEMO-L{i + 1:02d}",
            name=LIAISON_NAMES[i] + DEMO_LABEL_FA,
            mosque_ref=mosques[i % len(mosques)].ref,
            neighborhood_codes=[n.code for n in neighborhoods[i * 2 : i * 2 + 1 + i % 2]],
            phone=_phone(rng),
        )
        for i in range(len(neighborhoods) // 2)
    ]
    visits = _visits(rng, neighborhoods, visits_per_neighborhood, outside_visits)
    return DemoData(neighborhoods, partners, liaisons, visits)


def visit_time(now: datetime, visit: DemoVisit) -> datetime:
    """Return when a demo visit happened, counted back from a fixed hour of `now`'s day."""
    anchor = now.replace(hour=9, minute=0, second=0, microsecond=0)
    return anchor - timedelta(days=visit.days_ago)


def _neighborhoods(rng: random.Random) -> list[DemoNeighborhood]:
    cols, spacing = 6, 0.022  # degrees between cell centres; polygons never overlap
    result = []
    for i, (name, name_en) in enumerate(NEIGHBORHOOD_NAMES):
        row, col = divmod(i, cols)
        cx = CENTRE[0] + (col - (cols - 1) / 2) * spacing * 1.2
        cy = CENTRE[1] + (row - 1.5) * spacing
        radius = spacing * rng.uniform(0.3, 0.45)
        vertices = [
            (
                cx + math.cos(a) * radius * rng.uniform(0.75, 1.0) * 1.2,
                cy + math.sin(a) * radius * rng.uniform(0.75, 1.0),
            )
            for a in (2 * math.pi * k / 11 for k in range(11))
        ]
        households = rng.randrange(300, 3000)
        result.append(
            DemoNeighborhood(
                code=f"DEMO-{i + 1:02d}",
                name=name + DEMO_LABEL_FA,
                name_en=name_en + DEMO_LABEL_EN,
                polygon=Polygon(vertices),
                population=int(households * rng.uniform(3.2, 4.5)),
                households=households,
                settlement_type=rng.choice(
                    ["informal_settlement"] * 3 + ["worn_fabric", "peri_urban", "rural_fringe"]
                ),
                need=rng.random(),
            )
        )
    return result


def _partners(rng: random.Random, neighborhoods: list[DemoNeighborhood]) -> list[DemoPartner]:
    result = []
    for kind, names in PARTNER_NAMES.items():
        for j, name in enumerate(names):
            home = rng.choice(neighborhoods).polygon
            lon, lat = _point_in(rng, home) if rng.random() < 0.8 else _point_near(rng, home)
            result.append(
                DemoPartner(
                    ref=f"DEMO-P-{kind}-{j + 1}",
                    kind=kind,
                    name=name + DEMO_LABEL_FA,
                    lon=lon,
                    lat=lat,
                    services=sorted(rng.sample(KIND_SERVICES[kind], k=rng.randint(1, 2))),
                    capacity=rng.randrange(10, 200, 10),
                    phone=_phone(rng),
                    contact_name=f"مسئول {name}",
                    is_active=rng.random() > 0.1,
                )
            )
    return result


def _visits(
    rng: random.Random, neighborhoods: list[DemoNeighborhood], per: int, outside: int
) -> list[DemoVisit]:
    result: list[DemoVisit] = []
    for n in neighborhoods[:-UNVISITED]:  # the last few are never visited: their need is unknown
        for _ in range(per):
            lon, lat = _point_in(rng, n.polygon)
            result.append(_visit(rng, len(result), lon, lat, n.need))
    for _ in range(outside):  # a few visits beyond every boundary: kept and flagged
        lon = CENTRE[0] + rng.choice([-1, 1]) * rng.uniform(0.1, 0.15)
        lat = CENTRE[1] + rng.uniform(-0.05, 0.05)
        result.append(_visit(rng, len(result), lon, lat, 0.5))
    return result


def _visit(rng: random.Random, index: int, lon: float, lat: float, need: float) -> DemoVisit:
    def bad(p: float = 1.0) -> bool:
        return rng.random() < need * p

    answers: dict[str, object] = {
        "water": "none" if bad(0.2) else "unimproved" if bad(0.6) else "improved",
        "sanitation": "unimproved" if bad(0.7) else "improved",
        "housing": "non_durable" if bad(0.4) else "semi_durable" if bad(0.7) else "durable",
        "persons_per_room": round(1 + need * rng.uniform(0.5, 3.5), 1),
        "tenure": "none" if bad(0.2) else "informal_deed" if bad(0.9) else "formal_deed",
        "electricity": "informal" if bad(0.5) else "legal",
        "waste": "none" if bad(0.3) else "irregular" if bad(0.7) else "regular",
        "child_labour": bad(0.5),
        "addiction": bad(0.5),
        "scavenging": bad(0.4),
        "female_headed_households": bad(0.6),
        "unemployment": bad(0.8),
        "notes": "بازدید نمونه — داده‌های ساختگی",
    }
    return DemoVisit(
        client_uuid=uuid.uuid5(NAMESPACE, f"visit-{index}"),
        lon=lon,
        lat=lat,
        accuracy=round(rng.uniform(4, 40), 1),
        days_ago=round(rng.uniform(1, 180), 3),
        answers=answers,
    )


def _point_in(rng: random.Random, polygon: Polygon) -> tuple[float, float]:
    min_x, min_y, max_x, max_y = polygon.bounds
    while True:
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if polygon.contains(Point(x, y)):
            return round(x, 6), round(y, 6)


def _point_near(rng: random.Random, polygon: Polygon) -> tuple[float, float]:
    c = polygon.centroid
    return round(c.x + rng.uniform(-0.012, 0.012), 6), round(c.y + rng.uniform(-0.012, 0.012), 6)


def _phone(rng: random.Random) -> str:
    return f"+98912{rng.randrange(1_000_000, 9_999_999)}"
