/**
 * Chart.js, only what the dashboard draws (bars), registered once so the bundle carries nothing else.
 * Charts are drawn without animation: staff read them at a glance, and tests read them at once.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { h } from '../../lib/dom.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, Tooltip);
Chart.defaults.font.size = 16; // read at arm's length, like the rest of the kiosk
Chart.defaults.color = '#0d1321';

const COLOURS = ['#0a4fa3', '#b00020', '#146c2e', '#8a4b00', '#5b2a86', '#00687a'];

export interface Series {
  label: string;
  values: number[];
}

export interface ChartSpec {
  labels: string[];
  series: Series[];
  /** Bars across (long labels such as stage names read better). */
  horizontal?: boolean;
  stacked?: boolean;
  /** Axis title for the values, e.g. "Hours". */
  unit?: string;
}

/** A chart in a sized box; `destroy` frees its canvas when the dashboard is left or redrawn. */
export function chartBox(spec: ChartSpec, label: string): { el: HTMLElement; destroy(): void } {
  const canvas = h('canvas', { role: 'img', 'aria-label': label });
  const el = h('div', { class: 'chart-box' }, canvas);
  const valueAxis = {
    beginAtZero: true,
    stacked: !!spec.stacked,
    ticks: { precision: 0 },
    ...(spec.unit ? { title: { display: true, text: spec.unit } } : {}),
  };
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s, i) => ({
        label: s.label,
        data: s.values,
        backgroundColor: COLOURS[i % COLOURS.length],
        borderColor: COLOURS[i % COLOURS.length],
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      plugins: { legend: { display: spec.series.length > 1 } },
      scales: spec.horizontal ? { x: valueAxis, y: { stacked: !!spec.stacked } } : { y: valueAxis, x: { stacked: !!spec.stacked } },
    },
  });
  return { el, destroy: () => chart.destroy() };
}
