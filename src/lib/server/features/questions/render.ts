/**
 * A question's texts (question, answers, feedback) as safe HTML, per Moodle's text formats. Every
 * format goes through the course's sanitising renderer (courses/markdown.ts): Markdown and
 * Moodle's auto-format are rendered; HTML has its text protected from Markdown syntax first, so
 * `*` or `_` in an HTML question stay as typed; plain text is escaped.
 */
import { renderMarkdown } from '../courses/markdown.ts';
import type { TextFormat } from './question.types.ts';

export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Markdown's active characters outside tags become entities, indentation (code blocks) goes, and
 * Moodle's usual <b>/<i> become <strong>/<em>, which the sanitiser keeps.
 */
function protectHtml(html: string): string {
	return html
		.split(/(<[^>]*>)/)
		.map((part, i) =>
			i % 2
				? part.replace(/^<(\/?)(b|i)(?=[\s>])/i, (_m, slash: string, tag: string) =>
						tag.toLowerCase() === 'b' ? `<${slash}strong` : `<${slash}em`
					)
				: part.replace(/[\\`*_[\]#|~!+-]/g, (c) => `&#${c.charCodeAt(0)};`)
		)
		.join('')
		.replace(/^[ \t]+/gm, '');
}

export function renderQuestionText(text: string, format: TextFormat): string {
	if (!text.trim()) return '';
	if (format === 'plain') return `<p>${escapeHtml(text).replace(/\r?\n/g, '<br>')}</p>`;
	if (format === 'html') return renderMarkdown(protectHtml(text));
	return renderMarkdown(text);
}

/** The same without its one wrapping paragraph, for answers and inline feedback. */
export function renderQuestionInline(text: string, format: TextFormat): string {
	const html = renderQuestionText(text, format).trim();
	const m = /^<p>([\s\S]*)<\/p>$/.exec(html);
	return m && !m[1]!.includes('<p>') ? m[1]! : html;
}
