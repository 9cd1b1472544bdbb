import type { ComponentProps } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import remarkBreaks from 'remark-breaks';
import remarkGfm from 'remark-gfm';
import { safeHref, safeImageSrc } from '../lib/safe-url';

// Line breaks are kept (agents and webhook notes write line by line).
// Everything shown through this component was written by users, agents or webhook senders (so by
// outsiders). Raw HTML is never interpreted: it is turned into plain text before sanitising, so
// `<img onerror=…>` shows as the characters it is. The sanitiser then removes anything outside a
// small allow-list, and links are limited to http, https and mailto.

interface HastNode {
  type: string;
  value?: string;
  children?: HastNode[];
}

/** rehype plugin: raw HTML nodes become text nodes (shown, never parsed). */
function rehypeRawAsText() {
  const walk = (node: HastNode) => {
    node.children?.forEach((child, index) => {
      if (child.type === 'raw') node.children![index] = { type: 'text', value: child.value ?? '' };
      else walk(child);
    });
  };
  return (tree: HastNode) => walk(tree);
}

const schema = {
  ...defaultSchema,
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'], src: ['http', 'https'], cite: ['http', 'https'] },
};

function urlTransform(url: string, key: string): string {
  return (key === 'src' ? safeImageSrc(url) : safeHref(url)) ?? '';
}

function Link({ href, children, node: _node, ...rest }: ComponentProps<'a'> & { node?: unknown }) {
  const safe = safeHref(href);
  if (!safe) return <span className="text-slate-700" title="Link removed: only http, https and mailto links are allowed">{children}</span>;
  const external = /^https?:/i.test(safe);
  return (
    <a {...rest} href={safe} className="text-indigo-700 underline" {...(external ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}>
      {children}
    </a>
  );
}

function Image({ src, alt }: ComponentProps<'img'> & { node?: unknown }) {
  const safe = typeof src === 'string' ? safeImageSrc(src) : null;
  if (!safe) return <span>{alt}</span>;
  return <img src={safe} alt={alt ?? ''} referrerPolicy="no-referrer" className="max-w-full" />;
}

const components: Components = { a: Link, img: Image };

export function Markdown({ children, className }: { children: string | null | undefined; className?: string }) {
  return (
    <div className={`markdown break-words ${className ?? ''}`} data-markdown="">
      <ReactMarkdown remarkPlugins={[remarkGfm, remarkBreaks]} rehypePlugins={[rehypeRawAsText, [rehypeSanitize, schema]]} urlTransform={urlTransform} components={components}>
        {children ?? ''}
      </ReactMarkdown>
    </div>
  );
}
