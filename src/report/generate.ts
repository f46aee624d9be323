// Producing report files: the model from the store's history, each format's bytes, and
// files written atomically (temporary name, then rename) so a reader never sees half a report.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkbenchError } from '../core/index';
import type { Store } from '../store/index';
import { fileStamp } from './format';
import { readReportRows, readStoredAlerts } from './history';
import { buildReportModel, type ReportModel } from './model';
import { renderReportPdf, type PdfOptions } from './pdf';
import type { ReportFormat } from './settings';
import { renderReportXlsx } from './xlsx';

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface StoreReportRequest {
  from: number;
  to: number;
  department?: string | null;
  aisle?: number | null;
  product?: number | null;
  /** How the period was chosen, said in the report. */
  periodBasis?: string | null;
  generatedAt: number;
  title?: string;
}

/** The model of a period, from the aggregated Parquet history and the stored alerts. */
export async function reportFromStore(store: Store, request: StoreReportRequest): Promise<ReportModel> {
  const [rows, alerts] = await Promise.all([readReportRows(store, request), readStoredAlerts(store, { to: request.to })]);
  return buildReportModel(rows, { ...request, alerts });
}

export async function renderReport(model: ReportModel, format: ReportFormat, pdf: PdfOptions = {}): Promise<Uint8Array> {
  return format === 'pdf' ? (await renderReportPdf(model, pdf)).pdf : renderReportXlsx(model);
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** purchase-trends-20261124T0600Z-20261125T0600Z[-produce]: what the file covers, in its name. */
export const reportBaseName = (model: ReportModel): string =>
  `purchase-trends-${fileStamp(model.period.from)}-${fileStamp(model.period.to)}${model.department ? `-${slug(model.department.name)}` : ''}` +
  `${model.aisle ? `-aisle-${model.aisle.id}` : ''}${model.product ? `-product-${model.product.id}` : ''}`;

export async function writeReportFiles(model: ReportModel, options: PdfOptions & { formats: readonly ReportFormat[]; outDir: string; baseName?: string }): Promise<string[]> {
  const { formats, outDir, baseName = reportBaseName(model), ...pdf } = options;
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new WorkbenchError('STORE_FAILED', `cannot create the report folder ${outDir}: ${(error as Error).message}`, { where: outDir, cause: error });
  }
  const written: string[] = [];
  for (const format of formats) {
    const bytes = await renderReport(model, format, pdf);
    const path = join(outDir, `${baseName}.${format}`);
    const temp = join(outDir, `.${baseName}.${format}.tmp`);
    try {
      await writeFile(temp, bytes);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw new WorkbenchError('STORE_FAILED', `cannot write ${path}: ${(error as Error).message}`, { where: path, cause: error });
    }
    written.push(path);
  }
  return written;
}
