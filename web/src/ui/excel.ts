/**
 * Tables to Excel files in the browser (exceljs, loaded only when someone exports: it is a large library and the
 * screens do not need it to show anything). Sheets read right to left in Persian; numbers stay numbers (rates as
 * fractions with a percentage format), so the file can be summed and charted as it is.
 */
export type CellValue = string | number | null | undefined;

export interface ExcelColumn<Row> {
  header: string;
  value: (row: Row) => CellValue;
  /** Excel number format, e.g. '0.0%' for rates 0..1, '#,##0' for counts. */
  numFmt?: string;
  width?: number;
}

export interface ExcelSheet<Row> {
  name: string;
  columns: readonly ExcelColumn<Row>[];
  rows: readonly Row[];
  rightToLeft: boolean;
}

/** Excel refuses sheet names over 31 characters or with : \ / ? * [ ]. */
function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1';
}

/** The workbook as bytes (an .xlsx file). */
export async function workbookBytes<Row>(sheets: readonly ExcelSheet<Row>[]): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ABFA 122/1523';
  workbook.created = new Date();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheetName(sheet.name), {
      views: [{ rightToLeft: sheet.rightToLeft, state: 'frozen', ySplit: 1 }],
    });
    worksheet.columns = sheet.columns.map((c) => ({
      header: c.header,
      width: c.width ?? Math.max(12, Math.min(40, c.header.length + 4)),
      ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
    }));
    worksheet.getRow(1).font = { bold: true };
    for (const row of sheet.rows) worksheet.addRow(sheet.columns.map((c) => c.value(row) ?? null));
  }
  return workbook.xlsx.writeBuffer() as Promise<ArrayBuffer>;
}

/** Hands bytes to the browser as a download named `fileName`. */
export function saveFile(bytes: BlobPart, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click the browser holds its own reference: the URL can go once the download has begun.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Builds the workbook and downloads it. */
export async function downloadExcel<Row>(fileName: string, sheets: readonly ExcelSheet<Row>[]): Promise<void> {
  saveFile(await workbookBytes(sheets), fileName, xlsxType);
}
