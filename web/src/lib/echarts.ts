// ECharts, tree-shaken to what the analytics screens draw (bars, a line, a funnel; axes, tooltips, legend) with the
// SVG renderer. Only imported dynamically (components/Chart.tsx), so it is a chunk of its own, fetched the first time
// a chart is shown, and the rest of the web app does not carry it.
import { init, use } from 'echarts/core';
import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

export { init };
export type { EChartsCoreOption as ChartOption } from 'echarts/core';
