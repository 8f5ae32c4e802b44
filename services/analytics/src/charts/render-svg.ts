import * as echarts from 'echarts';
import type { ChartOption } from './chart-types.js';

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The chart as an SVG document, rendered on the server by ECharts' SVG renderer (no DOM, no browser).
 * ECharts names its classes and ids after a process-wide instance counter (`zr3-cls-7`); they are
 * renamed `<idPrefix>-1`, `-2`, ... in order of appearance, so the same option gives the same SVG,
 * and charts on one page, each with its own prefix, keep their styles apart.
 */
export function renderSvg(option: ChartOption, size: ChartSize = { width: 720, height: 360 }, idPrefix = 'chart'): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ ...option, animation: false });
    const names = new Map<string, string>();
    return chart.renderToSVGString().replace(/\bzr\d+-[A-Za-z0-9-]*[A-Za-z0-9]/g, (name) => {
      if (!names.has(name)) names.set(name, `${idPrefix}-${names.size + 1}`);
      return names.get(name)!;
    });
  } finally {
    chart.dispose();
  }
}
