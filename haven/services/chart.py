"""A chart of assessment scores over time, drawn on the server as inline SVG (no script,
no outside service): one small chart per instrument, since each has its own range. The
table beside it carries the same numbers for screen readers and print."""

import datetime
from dataclasses import dataclass, field

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


@dataclass
class Point:
    x: float
    y: float
    score: int
    day: datetime.date


@dataclass
class Series:
    code: str
    name: str
    min_score: int
    max_score: int
    higher_is_worse: bool
    points: list[Point] = field(default_factory=list)
    y_ticks: list[tuple[float, int]] = field(default_factory=list)
    x_ticks: list[tuple[float, str, str]] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def change(self) -> int | None:
        if len(self.points) < 2:
            return None
        return self.points[-1].score - self.points[0].score

    @property
    def improved(self) -> bool | None:
        change = self.change
        if not change:
            return None
        return (change < 0) == self.higher_is_worse

    @property
    def description(self) -> str:
        first, last = self.points[0], self.points[-1]
        if len(self.points) == 1:
            return f"{self.code}: one score, {first.score} on {first.day:%Y-%m-%d}."
        return (
            f"{self.code}: {len(self.points)} scores from {first.score} on "
            f"{first.day:%Y-%m-%d} to {last.score} on {last.day:%Y-%m-%d}."
        )


def _ticks(lo: int, hi: int, count: int = 4) -> list[int]:
    step = max(1, round((hi - lo) / count))
    values = list(range(lo, hi + 1, step))
    if values[-1] != hi:
        values.append(hi)
    return values


def series(assessments) -> list[Series]:
    by_code: dict[str, Series] = {}
    for a in assessments:
        inst = a.instrument
        s = by_code.setdefault(
            inst.code,
            Series(inst.code, inst.name, inst.min_score, inst.max_score, inst.higher_is_worse),
        )
        s.points.append(Point(0, 0, a.score, a.assessed_on))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    for s in by_code.values():
        s.points.sort(key=lambda p: p.day)
        first, last = s.points[0].day, s.points[-1].day
        span = max(1, (last - first).days)
        rng = s.max_score - s.min_score

        def y_of(score, s=s, rng=rng):
            return TOP + plot_h * (1 - (score - s.min_score) / rng)

        for p in s.points:
            x = LEFT + (plot_w * (p.day - first).days / span if last != first else plot_w / 2)
            p.x, p.y = x, y_of(p.score)
        s.y_ticks = [(y_of(v), v) for v in _ticks(s.min_score, s.max_score)]
        seen = set()
        for p in s.points:
            label = f"{p.day:%Y-%m-%d}"
            if label not in seen:
                seen.add(label)
                # The first and last labels hug the axis ends so they are not cut off.
                anchor = "middle"
                if p.x <= LEFT + 40:
                    anchor = "start"
                elif p.x >= WIDTH - RIGHT - 40:
                    anchor = "end"
                s.x_ticks.append((p.x, label, anchor))
    return list(by_code.values())


GEOMETRY = {
    "width": WIDTH,
    "height": HEIGHT,
    "left": LEFT,
    "right": WIDTH - RIGHT,
    "top": TOP,
    "bottom": HEIGHT - BOTTOM,
    "label_y": HEIGHT - BOTTOM + 18,
}
