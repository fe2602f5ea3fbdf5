/**
 * Question texts as safe HTML, per Moodle's text formats: Markdown and Moodle's auto-format go
 * through the sanitising Markdown renderer, HTML is sanitised by it too, plain text is escaped.
 */
import type { TextFormat } from '../questions/question.types.ts';
import { renderMarkdown } from '../courses/markdown.ts';

export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderText(text: string, format: TextFormat): string {
	if (!text.trim()) return '';
	if (format === 'plain') return `<p>${escapeHtml(text).replace(/\r?\n/g, '<br>')}</p>`;
	return renderMarkdown(text);
}

/** Inline HTML: the rendering without its one wrapping paragraph (answers, blanks). */
export function renderInline(text: string, format: TextFormat): string {
	if (!text.trim()) return '';
	if (format === 'plain') return escapeHtml(text);
	const html = renderMarkdown(text).trim();
	const m = /^<p>([\s\S]*)<\/p>$/.exec(html);
	return m && !m[1]!.includes('<p>') ? m[1]! : html;
}
