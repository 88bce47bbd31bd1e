/** Checks run on every dashboard page: legible contrast, and no English left in the Chinese UI. */
import type { Page } from 'playwright-core';
import { en } from '../../renderer/src/i18n/en.js';
import { zh } from '../../renderer/src/i18n/zh.js';

function leaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) leaves(v, out);
  return out;
}

/**
 * English strings that must not show in the Chinese UI: those with a different Chinese text,
 * long enough to be a phrase, without template slots.
 */
export const ENGLISH_ONLY: string[] = (() => {
  const zhTexts = new Set(leaves(zh));
  return leaves(en).filter((s) => !zhTexts.has(s) && !s.includes('{{') && s.length >= 8 && /[a-z]{3}/.test(s));
})();

/**
 * The English-only strings a page shows: a text node that is exactly one of them, or that
 * contains one of the longer ones (a sentence inside other text).
 */
export async function englishShown(page: Page): Promise<string[]> {
  const texts = (await page.evaluate(
    `(() => { const out = []; const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); for (let n = w.nextNode(); n; n = w.nextNode()) { const el = n.parentElement; const t = (n.textContent || '').trim(); if (t && el && el.getClientRects().length > 0) out.push(t); } return out; })()`,
  )) as string[];
  const exact = new Set(texts);
  return ENGLISH_ONLY.filter((s) => exact.has(s) || (s.length >= 20 && texts.some((t) => t.includes(s))));
}

/**
 * Text whose colour against its backdrop is under WCAG AA (4.5:1, or 3:1 for large text).
 * Disabled or faded elements are skipped: they are meant to look inactive.
 */
/**
 * Text whose colour against its backdrop is under WCAG AA (4.5:1, or 3:1 for large text).
 * Disabled or faded elements are skipped: they are meant to look inactive. A string, not a
 * function: tsx would compile a function with helpers (__name) the page lacks.
 */
const LOW_CONTRAST_SCRIPT = `(() => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 1];
  };
  const lum = (rgb) => {
    const f = (v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  };
  const backdrop = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg[3] >= 0.99) return bg;
    }
    return parse(getComputedStyle(document.body).backgroundColor);
  };
  const faded = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (Number(getComputedStyle(e).opacity) < 1) return true;
      if (e instanceof HTMLButtonElement && e.disabled) return true;
    }
    return false;
  };
  const failures = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    const text = (n.textContent || '').trim();
    if (!el || seen.has(el) || !text) continue;
    seen.add(el);
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden' || faded(el)) continue;
    const fg = parse(style.color);
    const bg = backdrop(el);
    const blended = [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
    const a = lum(blended), b = lum(bg);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) failures.push(ratio.toFixed(2) + ':1 "' + text.slice(0, 40) + '" (' + style.color + ' on rgb(' + bg.slice(0, 3).join(',') + '))');
  }
  return failures;
})()`;

export async function lowContrastText(page: Page): Promise<string[]> {
  return page.evaluate(LOW_CONTRAST_SCRIPT) as Promise<string[]>;
}

/** Buttons, links and form fields a screen reader would announce without a name. */
const UNLABELLED_SCRIPT = `(() => {
  const named = (el) => {
    if ((el.getAttribute('aria-label') || '').trim()) return true;
    const by = el.getAttribute('aria-labelledby');
    if (by && by.split(/\\s+/).some((id) => (document.getElementById(id)?.textContent || '').trim())) return true;
    if (el.labels && Array.from(el.labels).some((l) => (l.textContent || '').trim())) return true;
    if (el.tagName === 'BUTTON' || el.tagName === 'A') return (el.textContent || '').trim().length > 0;
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('button, a[href], input:not([type=hidden]), textarea, select, [role=button], [role=switch], [role=radio]')) {
    if (el.closest('[aria-hidden="true"]')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none') continue;
    if (!named(el)) out.push(el.outerHTML.slice(0, 120));
  }
  return out;
})()`;

export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(UNLABELLED_SCRIPT) as Promise<string[]>;
}
