// The door of charts/: the Vega-Lite specs of the dashboard.
// Other folders import from here; files of this folder import each other directly.
export { COLORS, frame, noDataSpec } from './base';
export type { ChartOptions, ChartSpec } from './base';
export { DASHBOARD_VIEWS, dashboardSnapshot, dashboardViewSpec, VIEW_DATASETS } from './dashboard';
export type { DashboardSelection, DashboardSnapshot, DashboardViewName } from './dashboard';
export { departmentsData, departmentsSpec } from './departments';
export { hourlyData, hourlySpec } from './hourly';
export { topProductsData, topProductsSpec } from './top-products';
export { volumeData, volumeSpec } from './volume';
