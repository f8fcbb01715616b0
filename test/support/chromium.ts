import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';

export interface OpenBrowser {
  context: BrowserContext;
  page: Page;
  /** Close the browser and remove its profile. */
  close(): Promise<void>;
}

/** Headless Chromium in a throwaway profile (`prefix`), one page of 1400 × `height`, quiet on the network. */
export async function openChromium(prefix: string, height: number): Promise<OpenBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), prefix));
  const context = await chromium.launchPersistentContext(profileDir, {
    headless: true,
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1400, height },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
