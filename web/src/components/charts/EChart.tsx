import { useComputedColorScheme } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { type ChartOption, type ECElementEvent, type EChartsType, init } from './echarts';

export interface EChartProps {
  option: ChartOption;
  /** What the chart shows, in a few words; pair it with a text summary or a table (ChartFigure). */
  ariaLabel: string;
  height?: number;
  /** Called with the clicked element (bar, point, cell); its `dataIndex` finds the datum. */
  onClick?: (event: ECElementEvent) => void;
  describedBy?: string;
}

const reducedMotion = () =>
  typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

function applyOption(instance: EChartsType, option: ChartOption) {
  instance.setOption(
    { animation: !reducedMotion(), backgroundColor: 'transparent', ...option },
    { notMerge: true },
  );
}

/**
 * One ECharts instance in a div: created with the colour scheme's theme (and again when it
 * changes), resized with its container, disposed on unmount. SVG rendering keeps text crisp and
 * lets tests find the drawing.
 */
export function EChart({ option, ariaLabel, height = 320, onClick, describedBy }: EChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const clickHandler = useRef(onClick);
  clickHandler.current = onClick;
  const latestOption = useRef(option);
  latestOption.current = option;
  const scheme = useComputedColorScheme('light');

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const instance = init(element, scheme === 'dark' ? 'dark' : undefined, { renderer: 'svg' });
    chart.current = instance;
    applyOption(instance, latestOption.current);
    instance.on('click', (event) => clickHandler.current?.(event as ECElementEvent));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [scheme]);

  useEffect(() => {
    if (chart.current) applyOption(chart.current, option);
  }, [option]);

  return (
    <div
      ref={container}
      role="img"
      aria-label={ariaLabel}
      aria-describedby={describedBy}
      style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }}
    />
  );
}
