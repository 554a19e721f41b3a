import { useMemo } from 'react';

const TAGS = new Set(['P', 'BR', 'STRONG', 'B', 'EM', 'I', 'UL', 'OL', 'LI', 'H3', 'H4', 'A', 'IMG']);

/**
 * The server sanitises every post (sanitize-html allow-list); the page keeps to the same list
 * again before it draws a post, so a body from an older server or a bad proxy cannot run script:
 * unknown elements keep only their text, script/style go with their content, attributes other
 * than a link's http(s) href and an image's same-site src are dropped.
 */
export function cleanHtml(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const walk = (node: Element) => {
    for (const child of [...node.children]) {
      if (['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED', 'NOSCRIPT', 'TEMPLATE'].includes(child.tagName)) {
        child.remove();
        continue;
      }
      walk(child);
      if (!TAGS.has(child.tagName)) {
        child.replaceWith(...child.childNodes);
        continue;
      }
      for (const attr of [...child.attributes]) {
        const keep =
          (child.tagName === 'A' && attr.name === 'href' && /^https?:\/\//i.test(attr.value)) ||
          (child.tagName === 'IMG' && attr.name === 'src' && attr.value.startsWith('/api/')) ||
          (child.tagName === 'IMG' && attr.name === 'alt');
        if (!keep) child.removeAttribute(attr.name);
      }
      if (child.tagName === 'A') {
        child.setAttribute('target', '_blank');
        child.setAttribute('rel', 'noopener noreferrer');
      }
    }
  };
  walk(doc.body);
  return doc.body.innerHTML;
}

export function SafeHtml({ html, className, testId }: { html: string; className?: string; testId?: string }) {
  const clean = useMemo(() => cleanHtml(html), [html]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server and again by cleanHtml
  return <div className={className} data-testid={testId} dangerouslySetInnerHTML={{ __html: clean }} />;
}
