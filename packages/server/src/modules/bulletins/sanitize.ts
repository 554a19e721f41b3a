import { POST_IMAGE_PATH } from '@anju/contracts';
import sanitizeHtml from 'sanitize-html';

const IMAGE_SRC = new RegExp(
  `^${POST_IMAGE_PATH.replace(/\//g, '\\/')}[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`,
);

/**
 * A post's rich text as it may be stored and shown: an allow-list of tags, links to http(s) only,
 * images only from this server's post images. Scripts, styles, event handlers, iframes and
 * everything else are removed (the content of script/style too, not just the tags).
 */
export function sanitizePostHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'h3', 'h4', 'a', 'img'],
    allowedAttributes: { a: ['href', 'rel', 'target'], img: ['src', 'alt'] },
    allowedSchemes: ['http', 'https'],
    allowedSchemesByTag: { img: [] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // A link opens away from the board and tells the other site nothing about it.
    transformTags: {
      // A link that is not http(s) becomes its text (an unknown tag is unwrapped).
      a: (_tag, attribs): sanitizeHtml.Tag =>
        /^https?:\/\//i.test(attribs.href?.trim() ?? '')
          ? {
              tagName: 'a',
              attribs: { href: attribs.href!.trim(), rel: 'noopener noreferrer nofollow', target: '_blank' },
            }
          : { tagName: 'span', attribs: {} },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !IMAGE_SRC.test(frame.attribs.src ?? ''),
  }).trim();
}

/** Plain text of sanitised HTML (for checks that a post says something). */
export const textOf = (html: string) => sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).trim();
