import { chromium } from 'playwright-core';

/** Prints the report's HTML to a PDF with headless Chromium (Debian's, at `executablePath`). */
export async function printPdf(html: string, executablePath: string): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
  } finally {
    await browser.close();
  }
}
