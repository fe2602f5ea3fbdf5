import { describe, expect, it } from 'vitest';
import sanitizeHtml from 'sanitize-html';
import { renderMarkdown } from '../courses/markdown.ts';
import { buildMatcher, fold, linkTerms, plainSummary, type LinkableTerm } from './glossary.linker.ts';
import { runBench } from './glossary.bench.ts';

const term = (slug: string, forms: string[], summary = `Définition : ${slug}`): LinkableTerm => ({
	slug,
	forms,
	summary
});
const GLOSSARY = [
	term('logiciel', ['logiciel', 'logiciels']),
	term('logiciel-libre', ['logiciel libre', 'logiciels libres', 'free software']),
	term('heberger', ['héberger', 'hébergement']),
	term('api', ['API']),
	term('r-d', ['R&D']),
	term('c', ['C++'])
];
const link = (markdown: string, terms = GLOSSARY) => linkTerms(renderMarkdown(markdown), buildMatcher('cours', terms));
const linked = (html: string) =>
	[...html.matchAll(/<a href="[^"]*#([^"]+)" class="term"[^>]*>([^<]*)<\/a>/g)].map((m) => `${m[1]}:${m[2]}`);

describe('glossary linker', () => {
	it('links the first occurrence of each term only, with its definition as a tooltip', () => {
		const html = link('Un logiciel, puis un autre logiciel.\n\nEncore des logiciels.');
		expect(linked(html)).toEqual(['logiciel:logiciel']);
		expect(html).toContain(
			'<span class="term-ref"><a href="/courses/cours/glossary#logiciel" class="term" aria-describedby="term_logiciel">logiciel</a><span class="term-def" role="tooltip" id="term_logiciel">Définition : logiciel</span></span>'
		);
	});

	it('prefers the longest term, and a variant counts as the term', () => {
		expect(linked(link('Les logiciels libres sont des logiciels.'))).toEqual([
			'logiciel-libre:logiciels libres',
			'logiciel:logiciels'
		]);
		// A second "logiciel libre" is not linked, and its "logiciel" is not linked either.
		expect(linked(link('Un free software. Un logiciel libre. Un logiciel.'))).toEqual([
			'logiciel-libre:free software',
			'logiciel:logiciel'
		]);
	});

	it('ignores case and accents, across line breaks, on whole words only', () => {
		expect(linked(link('HEBERGER ses services ; un LOGICIEL\nLIBRE.'))).toEqual([
			'heberger:HEBERGER',
			'logiciel-libre:LOGICIEL\nLIBRE'
		]);
		expect(linked(link('Une APIculture, des rapides, du logicielisme.'))).toEqual([]);
		expect(linked(link("L’API et l'API."))).toEqual(['api:API']);
	});

	it('never links inside links, code, preformatted text or headings', () => {
		const html = link(
			'# Le logiciel\n\n[un logiciel](https://example.org) `logiciel` <kbd>API</kbd>\n\n```\nlogiciel\n```\n\nEnfin le **logiciel**.'
		);
		expect(linked(html)).toEqual(['logiciel:logiciel']);
		expect(html).toContain('<h2 id="le-logiciel">Le logiciel</h2>');
		expect(html).toContain('<strong><span class="term-ref"><a href="/courses/cours/glossary#logiciel"');
	});

	it('matches terms with symbols against escaped text, without breaking entities', () => {
		expect(linked(link('La R&D en C++ et R &amp; D.'))).toEqual(['r-d:R&amp;D', 'c:C++']);
		const html = link('Ampoule &amp; lampe', [term('amp', ['amp']), term('lt', ['lt'])]);
		expect(linked(html)).toEqual([]);
		expect(linked(link('a < b &lt; c', [term('lt', ['lt'])]))).toEqual([]);
	});

	it('escapes definitions and builds only safe, well-formed markup', () => {
		const evil = term('x', ['faille'], '"><script>alert(1)</script> & <img src=x onerror=alert(1)>');
		const html = link('Une faille.', [evil]);
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('<img');
		expect(html).toContain('"&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img');
		// Round-trips unchanged through the sanitiser allowing exactly the markup the linker adds.
		const allowed: sanitizeHtml.IOptions = {
			allowedTags: ['p', 'span', 'a'],
			allowedAttributes: { a: ['href', 'class', 'aria-describedby'], span: ['class', 'role', 'id'] },
			allowedClasses: { a: ['term'], span: ['term-ref', 'term-def'] }
		};
		expect(sanitizeHtml(html, allowed)).toBe(html);
		expect(html.match(/id="/g)).toHaveLength(1);
	});

	it('leaves the HTML untouched when nothing matches or the glossary is empty', () => {
		const html = renderMarkdown('Rien à relier ici.');
		expect(linkTerms(html, buildMatcher('cours', GLOSSARY))).toBe(html);
		expect(linkTerms(html, buildMatcher('cours', []))).toBe(html);
	});

	it('folds and summarises for duplicates and tooltips', () => {
		expect(fold('  Hébergé  ÉCOLE ')).toBe('heberge ecole');
		expect(plainSummary('<p>Un <em>logiciel</em> &amp; ses <a href="#">libertés</a>.</p>')).toBe(
			'Un logiciel & ses libertés .'
		);
		expect(plainSummary(`<p>${'mot '.repeat(100)}</p>`, 20)).toBe('mot mot mot mot mot…');
	});

	it('measures a 5,000-word lesson against 1,000 terms (printed, not asserted)', () => {
		const r = runBench(100);
		console.log(
			`[glossary linker] ${r.htmlChars} chars, 1,000 terms: tables ${r.tablesMs.toFixed(1)} ms once, build ${r.buildMs.toFixed(1)} ms, link median ${r.medianMs.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms, ${r.links} links`
		);
		expect(r.links).toBeGreaterThan(100);
	});
});
