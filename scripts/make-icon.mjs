// Draws the extension icon media/icon.png (128×128) from the inline SVG below, with Debian's
// chromium driven by playwright-core (both installed by scripts/install-editor.sh). The PNG is
// committed; run this only to change the icon: `node scripts/make-icon.mjs`.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../media/icon.png', import.meta.url));

// A ▶ (run a flow) beside a small span tree (inspect its play), on a rounded tile.
const svg = `
<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#3b5bdb"/>
      <stop offset="1" stop-color="#7048e8"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="26" fill="url(#bg)"/>
  <path d="M26 34 L62 56 L26 78 Z" fill="#ffffff" stroke="#ffffff" stroke-width="6" stroke-linejoin="round"/>
  <g stroke="#c5f6fa" stroke-width="5" stroke-linecap="round" fill="none">
    <path d="M74 34 V94 M74 56 H88 M74 76 H88 M74 94 H88"/>
  </g>
  <g fill="#ffffff">
    <rect x="66" y="24" width="42" height="14" rx="5"/>
    <rect x="90" y="49" width="22" height="12" rx="4" fill="#63e6be"/>
    <rect x="90" y="69" width="22" height="12" rx="4" fill="#63e6be"/>
    <rect x="90" y="88" width="22" height="12" rx="4" fill="#ffa8a8"/>
  </g>
</svg>`;

const browser = await chromium.launch({
  executablePath: process.env.HERO_EDITOR_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: out, omitBackground: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
