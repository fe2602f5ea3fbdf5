/**
 * Markdown → safe HTML: CommonMark + tables + footnotes + heading anchors (markdown-it), then
 * sanitize-html with an allow-list, so scripts, on* attributes, javascript: URLs, SVG and
 * CSS never survive, whatever the author typed. Rendered once per saved revision.
 */
import MarkdownIt from 'markdown-it';
import anchor from 'markdown-it-anchor';
import footnote from 'markdown-it-footnote';
import sanitizeHtml from 'sanitize-html';
import { CLIP_INFO, clipPlaceholder, parseClipBlock } from '../media/clip-syntax.ts';

const md = new MarkdownIt({ html: true, linkify: true, typographer: false })
	.use(footnote)
	.use(anchor, { slugify: slug, tabIndex: false });

// A ```clip block (media/clip-syntax.ts) becomes an inert placeholder the lesson page turns into a player.
const fence = md.renderer.rules.fence!;
md.renderer.rules.fence = (tokens, idx, options, env, self) =>
	tokens[idx]!.info.trim() === CLIP_INFO
		? clipPlaceholder(parseClipBlock(tokens[idx]!.content), md.utils.escapeHtml)
		: fence(tokens, idx, options, env, self);

export function slug(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80);
}

const SANITIZE: sanitizeHtml.IOptions = {
	allowedTags: [
		'h2',
		'h3',
		'h4',
		'h5',
		'h6',
		'p',
		'br',
		'hr',
		'blockquote',
		'pre',
		'code',
		'kbd',
		'samp',
		'em',
		'strong',
		'del',
		's',
		'sup',
		'sub',
		'mark',
		'small',
		'abbr',
		'a',
		'img',
		'figure',
		'figcaption',
		'ul',
		'ol',
		'li',
		'dl',
		'dt',
		'dd',
		'table',
		'thead',
		'tbody',
		'tr',
		'th',
		'td',
		'caption',
		'section',
		'span'
	],
	allowedAttributes: {
		a: ['href', 'title', 'id', 'class', 'rel', 'aria-describedby', 'data-footnote-ref', 'data-footnote-backref'],
		img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
		h2: ['id'],
		h3: ['id'],
		h4: ['id'],
		h5: ['id'],
		h6: ['id'],
		li: ['id', 'class'],
		sup: ['id', 'class'],
		section: ['class'],
		hr: ['class'],
		ol: ['start', 'class'],
		th: ['scope', 'style'],
		td: ['style'],
		abbr: ['title'],
		code: ['class'],
		span: ['class'],
		figure: ['class', 'data-clip']
	},
	allowedClasses: { code: [/^language-[\w-]+$/], figure: ['clip'], '*': [/^footnote/] },
	allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
	allowedSchemes: ['http', 'https', 'mailto'],
	allowedSchemesByTag: { img: ['http', 'https'] },
	allowProtocolRelative: false,
	// A lesson lives under the page's h1: its own top headings become h2.
	transformTags: {
		h1: 'h2',
		a: (tagName, attribs) => ({
			tagName,
			attribs: /^https?:\/\//.test(attribs.href ?? '') ? { ...attribs, rel: 'noopener noreferrer' } : attribs
		}),
		img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy', alt: attribs.alt ?? '' } })
	},
	disallowedTagsMode: 'discard'
};

export function renderMarkdown(source: string): string {
	return sanitizeHtml(md.render(source), SANITIZE);
}
