// The executive summary: a few plain sentences a manager can read out in a meeting.
import type { ReportModel } from './model';
import { formatChange, formatCount, formatHour, formatMoney, formatShare, formatTime } from './format';

export function describeReport(model: Omit<ReportModel, 'highlights'>): string[] {
  const { summary: s, coverage, department, aisle, product } = model;
  const scope = product ? `product ${product.name ?? product.id}` : aisle ? `aisle ${aisle.name ?? aisle.id}` : department ? `the ${department.name} department` : 'the store';
  // Under an aisle or product filter, orders are its products' orders, each line once (scope.ts).
  const orders = product || aisle ? 'order lines' : 'orders';
  if (coverage.windows === 0 || s.orders === 0) {
    return [`No closed windows with orders for ${scope} between ${formatTime(model.period.from)} and ${formatTime(model.period.to)}.`];
  }
  const lines = [
    `${formatCount(s.orders)} ${orders} brought ${formatMoney(s.revenue)} in revenue for ${scope} ` +
      `(${formatCount(s.items)} items, average basket ${formatMoney(s.avgBasketValue)}), ` +
      `over ${formatCount(coverage.windows)} closed windows from ${formatTime(coverage.first!)} to ${formatTime(coverage.last!)}.`,
  ];
  if (s.revenueChangePct !== null) {
    lines.push(`Revenue per window in the second half of the period changed ${formatChange(s.revenueChangePct)} against the first half.`);
  }
  const top = model.topProducts[0];
  if (top) lines.push(`Top product: ${top.name} (${top.department}) with ${formatMoney(top.revenue)}, ${formatShare(top.share)} of revenue, trend ${formatChange(top.changePct)}.`);
  const risers = model.topProducts.filter((p) => p.trend === 'up' || p.trend === 'new').length;
  const fallers = model.topProducts.filter((p) => p.trend === 'down').length;
  if (model.topProducts.length > 1) {
    lines.push(`Of the top ${model.topProducts.length} products, ${risers} are rising and ${fallers} falling against their share of the store in the first half.`);
  }
  const dept = model.departments[0];
  if (dept && !department) lines.push(`Leading department: ${dept.department} with ${formatShare(dept.share)} of revenue.`);
  const busiest = [...model.hours].sort((a, b) => b.orders - a.orders || a.hourOfDay - b.hourOfDay)[0];
  if (busiest) lines.push(`Busiest hour of day: ${formatHour(busiest.hourOfDay)} with ${formatCount(busiest.orders)} orders.`);
  if (model.scopeNote) lines.push(`Scope: ${model.scopeNote}.`);
  const surges = model.alerts.filter((a) => a.direction === 'surge' || a.direction === 'new-entrant').length;
  const drops = model.alerts.filter((a) => a.direction === 'drop').length;
  const n = model.alerts.length;
  lines.push(n === 0
    ? 'No alerts were raised in the period.'
    : `${formatCount(n)} ${n === 1 ? 'alert was' : 'alerts were'} raised (${surges} ${surges === 1 ? 'surge or new entrant' : 'surges or new entrants'}, ` +
      `${drops} ${drops === 1 ? 'drop' : 'drops'}); see the alert log.`);
  return lines;
}
