// What the benchmark scripts share: Chromium launched as every one of them needs it here (as
// root: no sandbox; headless without GPU, QUIC, first-run, background networking, component
// updates or sync, so nothing else runs in the browser while it measures), and the quantile
// their medians and interquartile ranges come from.
import { chromium } from 'playwright-core';

/** Debian's Chromium (or $CHROMIUM) with the flags above, plus `extra`. */
export function launchChromium(extra = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extra],
  });
}

/** The `q` quantile of `xs`, interpolated linearly between the two nearest ranks. */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const p = (s.length - 1) * q;
  const lo = Math.floor(p);
  return s[lo] + (s[Math.ceil(p)] - s[lo]) * (p - lo);
}
