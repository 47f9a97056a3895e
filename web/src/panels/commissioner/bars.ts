import 'uplot/dist/uPlot.min.css'
import uPlot from 'uplot'

/**
 * A horizontal-axis bar chart of borough shares (uPlot). The canvas is decorative for screen
 * readers: the figure carries a one-sentence summary and the table next to it has every value.
 */
export function shareBars(
  container: HTMLElement,
  labels: string[],
  values: (number | null)[],
  summary: string,
  title = 'Share of the caseload by borough (%)',
): () => void {
  const fig = document.createElement('figure')
  fig.className = 'chart'
  const caption = document.createElement('figcaption')
  caption.textContent = title
  const plot = document.createElement('div')
  plot.setAttribute('role', 'img')
  plot.setAttribute('aria-label', summary)
  fig.append(caption, plot)
  container.replaceChildren(fig)
  const xs = labels.map((_, i) => i)
  const chart = new uPlot(
    {
      width: Math.max(260, Math.min(420, container.clientWidth || 340)),
      height: 200,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.6, labels.length - 0.4] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        {
          stroke: '#1f1e1c',
          grid: { show: false },
          values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (labels[t] ?? '').slice(0, 10) : '')),
          rotate: -40,
          size: 60,
          font: '10px system-ui, sans-serif',
        },
        { stroke: '#1f1e1c', grid: { stroke: '#d9d6ce', width: 1 }, font: '10px system-ui, sans-serif' },
      ],
      series: [{}, { label: 'Share (%)', fill: '#0072b2', stroke: '#0072b2', paths: uPlot.paths.bars!({ size: [0.7, 40] }), points: { show: false } }],
    },
    [xs, values.map((v) => (v === null ? null : Math.round(v * 1000) / 10))],
    plot,
  )
  return () => chart.destroy()
}
