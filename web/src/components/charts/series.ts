import type { CustomSeriesOption, LineSeriesOption } from 'echarts/charts';

/** Calm, distinguishable colours with AA contrast for lines and marks on white. */
export const CHART_COLORS = {
  primary: '#1c5fb8',
  secondary: '#6b7280',
  accent: '#0b7a6e',
  band: 'rgba(28, 95, 184, 0.16)',
  volume: 'rgba(107, 114, 128, 0.35)',
};

/**
 * 95 % intervals drawn as whiskers: one per category, from `low` to `high`. `horizontal` puts the
 * categories on the y axis (values along x).
 */
export function errorBarSeries(
  name: string,
  intervals: ({ low: number; high: number } | null)[],
  horizontal: boolean,
  color = '#374151',
): CustomSeriesOption {
  return {
    type: 'custom',
    name,
    silent: true,
    z: 10,
    itemStyle: { color },
    data: intervals.map((interval, index) =>
      interval ? [index, interval.low, interval.high] : [index, null, null],
    ),
    encode: horizontal ? { x: [1, 2], y: 0 } : { x: 0, y: [1, 2] },
    renderItem: (_params, api) => {
      const index = api.value(0) as number;
      const low = api.value(1);
      const high = api.value(2);
      if (low === null || high === null || Number.isNaN(low) || Number.isNaN(high)) return null;
      const start = api.coord(horizontal ? [low, index] : [index, low]) as number[];
      const end = api.coord(horizontal ? [high, index] : [index, high]) as number[];
      const band = api.size?.(horizontal ? [0, 1] : [1, 0]) as number[] | undefined;
      const cap = Math.min(8, ((horizontal ? band?.[1] : band?.[0]) ?? 16) * 0.2);
      const style = { stroke: color, lineWidth: 1.5 };
      const [x1 = 0, y1 = 0] = start;
      const [x2 = 0, y2 = 0] = end;
      const capLine = (x: number, y: number) =>
        horizontal
          ? { type: 'line' as const, shape: { x1: x, y1: y - cap, x2: x, y2: y + cap }, style }
          : { type: 'line' as const, shape: { x1: x - cap, y1: y, x2: x + cap, y2: y }, style };
      return {
        type: 'group',
        children: [{ type: 'line', shape: { x1, y1, x2, y2 }, style }, capLine(x1, y1), capLine(x2, y2)],
      };
    },
  };
}

/**
 * A shaded 95 % band between `low` and `high` on a category axis: an invisible line at the low
 * end with the band's height stacked on it (`stackStrategy: 'all'` so negative NPS stacks right).
 */
export function intervalBandSeries(
  name: string,
  intervals: ({ low: number; high: number } | null)[],
  color = CHART_COLORS.band,
): LineSeriesOption[] {
  const stack = `band:${name}`;
  const common = {
    type: 'line' as const,
    stack,
    stackStrategy: 'all' as const,
    symbol: 'none',
    silent: true,
    lineStyle: { opacity: 0 },
    tooltip: { show: false },
    connectNulls: false,
  };
  return [
    { ...common, name: `${name} low`, data: intervals.map((i) => (i ? i.low : null)) },
    {
      ...common,
      name,
      data: intervals.map((i) => (i ? i.high - i.low : null)),
      areaStyle: { color },
      itemStyle: { color },
    },
  ];
}
