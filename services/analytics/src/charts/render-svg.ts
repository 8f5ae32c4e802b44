import * as echarts from 'echarts';
import type { ChartOption } from './chart-types.js';

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

/** The chart as an SVG document, rendered on the server by ECharts' SVG renderer (no DOM, no browser). */
export function renderSvg(option: ChartOption, size: ChartSize = { width: 720, height: 360 }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
