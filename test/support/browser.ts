/**
 * The browser the browser specs drive, through playwright-core, without downloading one at
 * test time: Debian's chromium when it is installed, otherwise the Chromium that ships inside
 * the `@sparticuz/chromium` devDependency (unpacked into the temp folder on first use). So
 * `npm test` works on a machine that has only Node, and `.ci/run` needs no apt.
 *
 * LEDGER_TEST_BROWSER picks one explicitly: `debian`, `sparticuz`, or a path to a chromium
 * binary. Unset, the first that is there wins.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import packagedChromium from '@sparticuz/chromium';
import { Browser, chromium } from 'playwright-core';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
export const BROWSER_CHOICE_VARIABLE = 'LEDGER_TEST_BROWSER';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];
/** The system's fontconfig; without it the packaged browser uses the fonts it unpacked. */
const SYSTEM_FONTCONFIG = '/etc/fonts/fonts.conf';

export interface ChosenBrowser {
  readonly kind: 'debian' | 'sparticuz' | 'path';
  readonly executablePath: string;
  /** Extra environment for the browser process (fonts for the packaged one). */
  readonly env: Record<string, string>;
}

/** Unpacks the packaged Chromium (once; later calls find it in the temp folder). */
const sparticuz = async (): Promise<ChosenBrowser> => {
  const executablePath = await packagedChromium.executablePath();
  const env: Record<string, string> = existsSync(SYSTEM_FONTCONFIG)
    ? {}
    : { FONTCONFIG_PATH: join(tmpdir(), 'fonts') };
  return { kind: 'sparticuz', executablePath, env };
};

const debian = (): ChosenBrowser => {
  if (!existsSync(DEBIAN_CHROMIUM))
    throw new Error(`${BROWSER_CHOICE_VARIABLE}=debian, but ${DEBIAN_CHROMIUM} is not there`);
  return { kind: 'debian', executablePath: DEBIAN_CHROMIUM, env: {} };
};

export const chooseBrowser = async (
  choice: string | undefined = process.env[BROWSER_CHOICE_VARIABLE],
): Promise<ChosenBrowser> => {
  if (choice === 'debian') return debian();
  if (choice === 'sparticuz') return sparticuz();
  if (choice !== undefined && choice !== '') {
    if (!existsSync(choice))
      throw new Error(`${BROWSER_CHOICE_VARIABLE}=${choice}: no browser binary there`);
    return { kind: 'path', executablePath: choice, env: {} };
  }
  return existsSync(DEBIAN_CHROMIUM) ? debian() : sparticuz();
};

export const launchBrowser = async (choice?: string): Promise<Browser> => {
  const chosen = await chooseBrowser(choice);
  return chromium.launch({
    executablePath: chosen.executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
    env: { ...process.env, ...chosen.env } as Record<string, string>,
  });
};
