/**
 * Debian's Chromium, driven by playwright-core, for the HTML report's browser test, its screenshot
 * (scripts/screenshot-html-report.ts) and its render benchmark (bench/html.bench.ts). `.ci/run` installs it.
 */
import {chromium, type Browser} from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Flags for a sandboxed, offline machine: nothing may try to reach the network on its own. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A headless Chromium from `CHROMIUM` with `CHROMIUM_ARGS`. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({executablePath: CHROMIUM, args: CHROMIUM_ARGS});
}
