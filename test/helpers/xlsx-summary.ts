// The Summary sheet of a report workbook, read field by field (column A names, column B values).
import ExcelJS from 'exceljs';

export type SummaryField = (name: string) => ExcelJS.CellValue;

export async function readSummary(bytes: ArrayBuffer | string): Promise<SummaryField> {
  const book = new ExcelJS.Workbook();
  if (typeof bytes === 'string') await book.xlsx.readFile(bytes);
  else await book.xlsx.load(bytes);
  const summary = book.getWorksheet('Summary');
  if (!summary) throw new Error('the workbook has no Summary sheet');
  return (name) => {
    for (let r = 2; r <= summary.rowCount; r++) if (summary.getCell(r, 1).value === name) return summary.getCell(r, 2).value;
    throw new Error(`no ${name} in Summary`);
  };
}

/** The workbook itself, for the other sheets. */
export async function readWorkbook(bytes: ArrayBuffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes);
  return book;
}
