import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, TOKEN } from './server';

export interface Watched {
  page: Page;
  /** alert/confirm/prompt/print calls seen by the hook, dialogs opened, CSP violations and page errors. */
  incidents(): Promise<string[]>;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

// Runs in every frame before any page script: records instead of showing dialogs, and records
// every Content-Security-Policy violation (a blocked inline handler is still an injection).
const HOOK = () => {
  const w = window as unknown as Record<string, unknown> & { __mcIncidents: string[] };
  w.__mcIncidents = [];
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    w[name] = (...args: unknown[]) => {
      w.__mcIncidents.push(`${name}(${args.map(String).join(', ')})`);
      try {
        window.top?.postMessage({ mcIncident: `${name} in frame` }, '*');
      } catch {
        /* cross-origin top */
      }
    };
  }
  document.addEventListener('securitypolicyviolation', (event) => {
    w.__mcIncidents.push(`csp ${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
  });
};

/** A page signed in through sessionStorage (or not), with every way script could run watched. */
export async function watchedPage(context: BrowserContext, options: { signedIn?: boolean } = {}): Promise<Watched> {
  const page = await context.newPage();
  const seen: string[] = [];
  await page.addInitScript(HOOK);
  if (options.signedIn !== false) {
    await page.addInitScript((token) => window.sessionStorage.setItem('mc.token', token), TOKEN);
  }
  page.on('dialog', (dialog) => {
    seen.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('console', (message) => {
    const text = message.text();
    if (/Content.Security.Policy|Refused to (execute|load|frame)/i.test(text)) seen.push(`console: ${text}`);
  });
  page.on('pageerror', (error) => seen.push(`pageerror: ${error.message}`));
  page.on('popup', (popup) => seen.push(`popup: ${popup.url()}`));
  return {
    page,
    async incidents() {
      const inFrames: string[] = [];
      for (const frame of page.frames()) {
        const list = await frame.evaluate(() => (window as unknown as { __mcIncidents?: string[] }).__mcIncidents ?? []).catch(() => []);
        inFrames.push(...list);
      }
      return [...seen, ...inFrames];
    },
  };
}

/**
 * What markup rendered from stored content may not contain: script-capable elements, event
 * handler attributes anywhere in the document, and links or sources with script-capable schemes.
 */
export async function dangerousDom(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of Array.from(document.querySelectorAll('*'))) {
      const tag = element.tagName.toLowerCase();
      const inApp = element.closest('#root');
      if (inApp && ['script', 'iframe', 'object', 'embed', 'svg', 'frame', 'base', 'form', 'meta', 'link', 'style'].includes(tag) && element.closest('[data-markdown]')) {
        found.push(`<${tag}> inside rendered content`);
      }
      for (const attribute of Array.from(element.attributes)) {
        const name = attribute.name.toLowerCase();
        const value = attribute.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (name.startsWith('on')) found.push(`${tag}[${name}]`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data'].includes(name) && (name === 'srcdoc' || /^(javascript|data|vbscript):/.test(value))) {
          found.push(`${tag}[${name}=${attribute.value.slice(0, 60)}]`);
        }
      }
    }
    for (const anchor of Array.from(document.querySelectorAll('a'))) {
      const protocol = anchor.protocol;
      if (anchor.getAttribute('href') !== null && !['http:', 'https:', 'mailto:'].includes(protocol)) found.push(`a with ${protocol} link`);
    }
    return found;
  });
}
