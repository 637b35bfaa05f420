// How Debian's chromium is started for every browser-driven suite and benchmark on these machines:
// no sandbox (root), no GPU, no background traffic (the network is closed).

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
