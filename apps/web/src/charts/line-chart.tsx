import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * How a series looks. Series differ by dash and marker as well as by shade, so a chart reads in
 * grayscale and printed.
 */
export interface ChartSeries {
  label: string;
  /** [x, y] pairs, x ascending. */
  points: readonly (readonly [number, number])[];
  /** Canvas dash pattern; none: solid. */
  dash?: readonly number[];
  /** Draw the points only (no line): marks such as the drawn sessions. */
  markersOnly?: boolean;
  /** Grey level of the stroke, 0 (black) – 0.7. */
  shade?: number;
  /** Error bars: for each point, [low, high] (same order as points). */
  whiskers?: readonly (readonly [number, number] | null)[];
  /** Filled marker (else hollow). */
  filled?: boolean;
}

export interface LineChartProps {
  /** What the chart shows, for screen readers (the data is in a table beside it). */
  label: string;
  series: readonly ChartSeries[];
  xLabel: string;
  yLabel: string;
  height?: number;
  /** Tick labels of x (categories); default: the number. */
  xTick?: (value: number) => string;
  /** Fixed x range, e.g. to pad categories. */
  xRange?: [number, number];
  testId?: string;
}

const grey = (shade = 0) => {
  const v = Math.round(shade * 255);
  return `rgb(${v},${v},${v})`;
};

/** Axis numbers with enough digits to tell ticks apart (p* is around 1e-4). */
function tickLabel(value: number): string {
  if (value === 0) return '0';
  return Math.abs(value) < 0.001 ? value.toExponential(1) : String(Number(value.toPrecision(3)));
}

/** A uPlot chart (canvas): fast with thousands of points, about 50 kB, no dependencies. */
export function LineChart(props: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const tables = props.series.map((s) => [s.points.map((p) => p[0]), s.points.map((p) => p[1])] as [number[], number[]]);
    const data = tables.length === 0 ? ([[]] as uPlot.AlignedData) : uPlot.join(tables);
    // Where each series' points landed in the joined x: its whiskers follow them.
    const whiskerAt = props.series.map((s) => {
      if (!s.whiskers) return null;
      const byX = new Map<number, readonly [number, number] | null>();
      s.points.forEach((p, i) => byX.set(p[0], s.whiskers?.[i] ?? null));
      return byX;
    });
    const options: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height: props.height ?? 260,
      legend: { show: true },
      cursor: { points: { show: false } },
      scales: { x: { time: false, ...(props.xRange ? { range: props.xRange } : {}) } },
      axes: [
        { label: props.xLabel, stroke: '#222', grid: { stroke: '#ddd' }, ...(props.xTick ? { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? props.xTick!(t) : '')) } : {}) },
        { label: props.yLabel, stroke: '#222', grid: { stroke: '#ddd' }, size: 70, values: (_u, ticks) => ticks.map(tickLabel) },
      ],
      series: [
        {},
        ...props.series.map((s) => ({
          label: s.label,
          stroke: grey(s.shade),
          width: s.markersOnly ? 0 : 2,
          dash: s.dash ? [...s.dash] : undefined,
          spanGaps: true,
          ...(s.markersOnly ? { paths: () => null } : {}),
          points: {
            show: s.markersOnly || s.whiskers !== undefined || s.points.length <= 60,
            size: s.markersOnly ? 8 : 6,
            width: 1.5,
            stroke: grey(s.shade),
            fill: s.filled ? grey(s.shade) : '#fff',
          },
        })),
      ],
      hooks: {
        draw: [
          (u) => {
            const ctx = u.ctx;
            whiskerAt.forEach((byX, i) => {
              if (!byX) return;
              ctx.save();
              ctx.strokeStyle = grey(props.series[i]?.shade);
              ctx.lineWidth = 1.5 * devicePixelRatio;
              for (const [x, range] of byX) {
                if (!range) continue;
                const cx = u.valToPos(x, 'x', true);
                const lo = u.valToPos(range[0], 'y', true);
                const hi = u.valToPos(range[1], 'y', true);
                const cap = 5 * devicePixelRatio;
                ctx.beginPath();
                ctx.moveTo(cx, lo);
                ctx.lineTo(cx, hi);
                ctx.moveTo(cx - cap, lo);
                ctx.lineTo(cx + cap, lo);
                ctx.moveTo(cx - cap, hi);
                ctx.lineTo(cx + cap, hi);
                ctx.stroke();
              }
              ctx.restore();
            });
          },
        ],
      },
    };
    const plot = new uPlot(options, data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height: props.height ?? 260 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props.series, props.xLabel, props.yLabel, props.height, props.xRange]);
  return <div class="chart" ref={box} role="img" aria-label={props.label} data-testid={props.testId} />;
}
