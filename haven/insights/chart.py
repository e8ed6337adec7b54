"""Bar charts drawn on the server as inline SVG, like the services app's assessment chart:
no script, no outside service. Each chart's numbers are also in a table one click away."""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 560, 200
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 12, 44


@dataclass
class Bar:
    label: str
    value: int
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0
    label_x: float = 0


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    unit: str = ""
    summary: str = ""  # a sentence shown with the chart, e.g. the median of a wait
    y_ticks: list[tuple[float, int]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM
    label_y: int = HEIGHT - BOTTOM + 14

    @property
    def empty(self) -> bool:
        return not any(b.value for b in self.bars)

    @property
    def description(self) -> str:
        parts = ", ".join(f"{b.label}: {b.value}" for b in self.bars)
        summary = f" {self.summary}." if self.summary else ""
        return f"{self.title}. {parts}.{summary}"


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    for step in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return step
    magnitude = 10 ** (len(str(value)) - 1)
    return ((value // magnitude) + 1) * magnitude


def bar_chart(title: str, data: list[tuple[str, int]], unit: str = "") -> BarChart:
    chart = BarChart(title=title, bars=[Bar(label, value) for label, value in data], unit=unit)
    top = _nice_max(max((b.value for b in chart.bars), default=0))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(chart.bars))
    for i, bar in enumerate(chart.bars):
        bar.w = slot * 0.7
        bar.x = LEFT + i * slot + slot * 0.15
        bar.h = plot_h * bar.value / top
        bar.y = TOP + plot_h - bar.h
        bar.label_x = bar.x + bar.w / 2
    ticks = (0, top // 2, top) if top % 2 == 0 else (0, top)
    chart.y_ticks = [(TOP + plot_h * (1 - v / top), v) for v in ticks]
    return chart
