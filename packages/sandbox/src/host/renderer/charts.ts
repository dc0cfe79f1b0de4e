/// <reference lib="dom" />
import type { ReactNode } from 'react';
import { h } from '../client/h';
import { type NodeProps, num, type Props, propsOf, registry, renderValue, str } from './core';

const PALETTE = [
  '#1D7AFC',
  '#6A9A23',
  '#E56910',
  '#8270DB',
  '#22A06B',
  '#C9372C',
  '#0B7FA3',
  '#CD519D',
  '#B38600',
  '#626F86',
];

const pick = (row: unknown, accessor: unknown): unknown => {
  if (accessor === undefined || row === null || typeof row !== 'object') return undefined;
  return (row as Record<string | number, unknown>)[accessor as string | number];
};

interface Datum {
  x: string;
  y: number;
  series: string;
}

function data(p: Props, valueKey = 'yAccessor', labelKey = 'xAccessor'): Datum[] {
  const rows = Array.isArray(p.data) ? p.data : [];
  return rows.map((row) => ({
    x: String(pick(row, p[labelKey]) ?? ''),
    y: Number(pick(row, p[valueKey]) ?? 0) || 0,
    series: String(pick(row, p.colorAccessor) ?? ''),
  }));
}

function frame(p: Props, type: string, body: ReactNode, legend: string[]): ReactNode {
  return h(
    'figure',
    { className: 'fk-chart', 'data-chart': type },
    p.title ? h('figcaption', { className: 'fk-chart__title' }, renderValue(p.title)) : null,
    p.subtitle ? h('div', { className: 'fk-chart__subtitle' }, renderValue(p.subtitle)) : null,
    body,
    legend.filter(Boolean).length > 1
      ? h(
          'div',
          { className: 'fk-chart__legend' },
          legend.map((s, i) =>
            h('span', { key: s }, h('i', { style: { background: PALETTE[i % PALETTE.length] } }), s),
          ),
        )
      : null,
  );
}

/** Bar charts (vertical/horizontal, grouped or stacked) and line charts as plain SVG. */
function cartesian(kind: 'bar' | 'hbar' | 'line', stacked: boolean) {
  return function Chart({ node }: NodeProps): ReactNode {
    const p = propsOf(node);
    const values = data(p);
    const cats = [...new Set(values.map((d) => d.x))];
    const series = [...new Set(values.map((d) => d.series))];
    const W = num(p.width) ?? 560;
    const H = num(p.height) ?? 300;
    const pad = { l: kind === 'hbar' ? 96 : 40, r: 12, t: 12, b: 28 };
    const iw = W - pad.l - pad.r;
    const ih = H - pad.t - pad.b;
    const value = (c: string, s: string) =>
      values.filter((d) => d.x === c && d.series === s).reduce((a, d) => a + d.y, 0);
    const max = Math.max(
      1,
      ...cats.map((c) =>
        stacked ? series.reduce((a, s) => a + value(c, s), 0) : Math.max(...series.map((s) => value(c, s))),
      ),
    );
    const band = (kind === 'hbar' ? ih : iw) / Math.max(1, cats.length);
    const shapes: ReactNode[] = [];
    if (kind === 'line') {
      series.forEach((s, si) => {
        const pts = cats.map(
          (c, ci) => `${pad.l + band * ci + band / 2},${pad.t + ih - (value(c, s) / max) * ih}`,
        );
        shapes.push(
          h('polyline', {
            key: `l${si}`,
            points: pts.join(' '),
            fill: 'none',
            stroke: PALETTE[si % PALETTE.length],
            strokeWidth: 2,
          }),
        );
      });
    } else {
      cats.forEach((c, ci) => {
        let offset = 0;
        series.forEach((s, si) => {
          const v = value(c, s);
          const len = (v / max) * (kind === 'hbar' ? iw : ih);
          const thick = stacked ? band * 0.6 : (band * 0.7) / series.length;
          const start = band * ci + band * (stacked ? 0.2 : 0.15) + (stacked ? 0 : thick * si);
          const fill = PALETTE[si % PALETTE.length];
          const rect =
            kind === 'hbar'
              ? { x: pad.l + offset, y: pad.t + start, width: len, height: thick }
              : { x: pad.l + start, y: pad.t + ih - len - offset, width: thick, height: len };
          shapes.push(
            h(
              'rect',
              { key: `${ci}-${si}`, ...rect, fill, rx: 2 },
              h('title', null, `${c}${s ? ` · ${s}` : ''}: ${v}`),
            ),
          );
          if (stacked) offset += len;
        });
      });
    }
    const labels = cats.map((c, ci) =>
      kind === 'hbar'
        ? h(
            'text',
            {
              key: `t${ci}`,
              x: pad.l - 6,
              y: pad.t + band * ci + band / 2 + 4,
              textAnchor: 'end',
              className: 'fk-chart__axis',
            },
            c,
          )
        : h(
            'text',
            {
              key: `t${ci}`,
              x: pad.l + band * ci + band / 2,
              y: H - 8,
              textAnchor: 'middle',
              className: 'fk-chart__axis',
            },
            c,
          ),
    );
    const axis = h(
      'line',
      kind === 'hbar'
        ? { x1: pad.l, y1: pad.t, x2: pad.l, y2: pad.t + ih, stroke: '#8590A2' }
        : { x1: pad.l, y1: pad.t + ih, x2: pad.l + iw, y2: pad.t + ih, stroke: '#8590A2' },
    );
    const maxLabel = h(
      'text',
      kind === 'hbar'
        ? { x: pad.l + iw, y: H - 8, textAnchor: 'end', className: 'fk-chart__axis' }
        : { x: pad.l - 6, y: pad.t + 10, textAnchor: 'end', className: 'fk-chart__axis' },
      String(max),
    );
    return frame(
      p,
      kind,
      h(
        'svg',
        { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': str(p.title) ?? 'chart' },
        axis,
        shapes,
        labels,
        maxLabel,
      ),
      series,
    );
  };
}

function pie(donut: boolean) {
  return function Pie({ node }: NodeProps): ReactNode {
    const p = propsOf(node);
    const rows = Array.isArray(p.data) ? p.data : [];
    const slices = rows.map((row) => ({
      label: String(pick(row, p.labelAccessor ?? p.colorAccessor) ?? ''),
      value: Math.max(0, Number(pick(row, p.valueAccessor) ?? 0) || 0),
    }));
    const total = slices.reduce((a, s) => a + s.value, 0) || 1;
    const R = 100;
    let angle = -Math.PI / 2;
    const paths = slices.map((s, i) => {
      const sweep = (s.value / total) * Math.PI * 2;
      const a2 = angle + sweep;
      const large = sweep > Math.PI ? 1 : 0;
      const d =
        sweep >= Math.PI * 2 - 1e-9
          ? `M ${R} 0 A ${R} ${R} 0 1 1 ${R - 0.01} 0 Z`
          : `M ${R} ${R} L ${R + R * Math.cos(angle)} ${R + R * Math.sin(angle)} A ${R} ${R} 0 ${large} 1 ${R + R * Math.cos(a2)} ${R + R * Math.sin(a2)} Z`;
      angle = a2;
      return h(
        'path',
        { key: i, d, fill: PALETTE[i % PALETTE.length] },
        h('title', null, `${s.label}: ${s.value}`),
      );
    });
    const hole = donut ? h('circle', { cx: R, cy: R, r: R * 0.55, fill: 'var(--ds-surface, #fff)' }) : null;
    return frame(
      p,
      donut ? 'donut' : 'pie',
      h(
        'svg',
        {
          viewBox: `0 0 ${R * 2} ${R * 2}`,
          width: 220,
          height: 220,
          role: 'img',
          'aria-label': str(p.title) ?? 'chart',
        },
        paths,
        hole,
      ),
      slices.map((s) => s.label),
    );
  };
}

export function registerCharts(): void {
  registry.set('BarChart', cartesian('bar', false));
  registry.set('StackBarChart', cartesian('bar', true));
  registry.set('HorizontalBarChart', cartesian('hbar', false));
  registry.set('HorizontalStackBarChart', cartesian('hbar', true));
  registry.set('LineChart', cartesian('line', false));
  registry.set('PieChart', pie(false));
  registry.set('DonutChart', pie(true));
}
